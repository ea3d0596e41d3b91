package io.weatherforecast.service.input;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Whole-number request parameters in decimal digits only ({@link StrictIntegerEditor}).
 */
@ControllerAdvice
class StrictNumbersAdvice {

    @InitBinder
    void strictWholeNumbers(WebDataBinder binder) {
        binder.registerCustomEditor(int.class, new StrictIntegerEditor(false));
        binder.registerCustomEditor(Integer.class, new StrictIntegerEditor(true));
    }

}
