package io.weatherforecast.weather;

import io.weatherforecast.service.api.ApiCode;

/** The weather condition codes of the API. */
public enum Condition implements ApiCode {

    SUNNY, CLOUDY, RAIN, SNOW, STORM, FOG

}
