package io.weatherforecast.service.input;

import java.beans.PropertyEditorSupport;
import java.util.regex.Pattern;

import org.springframework.util.StringUtils;

/**
 * Reads a request parameter as a whole number only when it is written in plain ASCII
 * decimal digits, with an optional minus sign. Spring's default conversion also takes
 * {@code 0x3}, {@code #3}, {@code +3} and digits of other scripts ({@code ٣}), and falls
 * back to it when a ConversionService converter refuses a value, so only a custom editor
 * (registered for every binder by {@link StrictNumbersAdvice}) is strict. A refused value
 * is answered as a 400 problem ("'days' must be a whole number, was '0x3'").
 */
final class StrictIntegerEditor extends PropertyEditorSupport {

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,9}");

    private final boolean allowEmpty;

    StrictIntegerEditor(boolean allowEmpty) {
        this.allowEmpty = allowEmpty;
    }

    @Override
    public void setAsText(String text) {
        if (this.allowEmpty && !StringUtils.hasText(text)) {
            setValue(null);
        }
        else if (text != null && DECIMAL.matcher(text).matches()) {
            setValue(Integer.valueOf(text));
        }
        else {
            throw new IllegalArgumentException("Not a whole number in decimal digits");
        }
    }

    @Override
    public String getAsText() {
        return (getValue() != null) ? getValue().toString() : "";
    }

}
