package io.weatherforecast.forecast;

import io.weatherforecast.json.ApiCode;

/** The weather condition codes of the API. */
public enum Condition implements ApiCode {

    SUNNY, CLOUDY, RAIN, SNOW, STORM, FOG
}
