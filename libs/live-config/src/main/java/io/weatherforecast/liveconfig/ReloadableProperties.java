package io.weatherforecast.liveconfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Configuration properties that follow their source while the application runs: when the
 * environment changes (a ConfigMap that spring-cloud-kubernetes reloaded), they are bound
 * and validated again and replace the current value, but only when the new value is
 * valid.
 * <p>
 * Written here because Spring Cloud's own rebinding cannot rebind immutable (record)
 * properties, and rebinding a mutable bean in place would leave a half-applied, invalid
 * rule table behind; this keeps the last valid one.
 */
public class ReloadableProperties<T> implements ApplicationListener<EnvironmentChangeEvent> {

    private static final Logger log = LoggerFactory.getLogger(ReloadableProperties.class);

    private final Environment environment;

    private final String prefix;

    private final Class<T> type;

    private final Validator validator;

    private volatile T current;

    /** Binds the properties under {@code prefix} now; invalid ones fail the start-up. */
    public ReloadableProperties(Environment environment, String prefix, Class<T> type, Validator validator) {
        this.environment = environment;
        this.prefix = prefix;
        this.type = type;
        this.validator = validator;
        this.current = bind();
    }

    /** Properties validated with the application's Bean Validation validator. */
    public static <T> ReloadableProperties<T> of(Environment environment, String prefix, Class<T> type,
            jakarta.validation.Validator validator) {
        return new ReloadableProperties<>(environment, prefix, type, new SpringValidatorAdapter(validator));
    }

    public T get() {
        return current;
    }

    @Override
    public void onApplicationEvent(EnvironmentChangeEvent event) {
        if (event.getKeys().stream().noneMatch(key -> key.startsWith(prefix + "."))) {
            return;
        }
        try {
            current = bind();
            log.info("Reloaded the '{}' configuration", prefix);
        }
        catch (BindException | IllegalStateException ex) {
            log.error("Kept the previous '{}' configuration: the new one is invalid: {}", prefix,
                    ex.getCause() != null ? ex.getCause().getMessage() : ex.getMessage());
        }
    }

    private T bind() {
        return Binder.get(environment)
            .bind(prefix, Bindable.of(type), new ValidationBindHandler(validator))
            .orElseThrow(() -> new IllegalStateException("No configuration under '" + prefix + "'"));
    }

}
