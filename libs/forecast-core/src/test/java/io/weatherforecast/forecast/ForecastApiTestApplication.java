package io.weatherforecast.forecast;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The forecast API alone, imported as each forecast version imports it. */
@SpringBootApplication
@Import(ForecastApi.class)
class ForecastApiTestApplication {

}
