package io.github.viewcache;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.servlet.FilterConfig;

/**
 * Where each setting's value comes from: system property {@code viewcache.<name>}, then
 * environment variable {@code VIEWCACHE_<NAME>}, then the filter's init-param, so an
 * operator can change a deployment without editing the WAR's web.xml.
 */
final class SettingsSource {

    /** A value together with where it was found, so an error can point at the right place. */
    static final class Value {
        final String text;
        final String origin;

        Value(String text, String origin) {
            this.text = text;
            this.origin = origin;
        }
    }

    private final Map<String, String> initParams;
    private final Function<String, String> systemProperties;
    private final Function<String, String> environment;

    SettingsSource(Map<String, String> initParams,
                   Function<String, String> systemProperties,
                   Function<String, String> environment) {
        this.initParams = Collections.unmodifiableMap(new LinkedHashMap<>(initParams));
        this.systemProperties = systemProperties;
        this.environment = environment;
    }

    static SettingsSource of(FilterConfig config) {
        Map<String, String> params = new LinkedHashMap<>();
        Enumeration<String> names = config.getInitParameterNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            params.put(name, config.getInitParameter(name));
        }
        return new SettingsSource(params, System::getProperty, System::getenv);
    }

    static String systemPropertyName(String param) {
        return "viewcache." + param;
    }

    static String environmentName(String param) {
        return "VIEWCACHE_" + param.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    Set<String> initParamNames() {
        return initParams.keySet();
    }

    /** The effective value of {@code param}, or {@code null} when it is set nowhere. */
    Value lookup(String param) {
        String property = systemPropertyName(param);
        String text = systemProperties.apply(property);
        if (text != null) {
            return new Value(text, "system property " + property);
        }
        String variable = environmentName(param);
        text = environment.apply(variable);
        if (text != null) {
            return new Value(text, "environment variable " + variable);
        }
        text = initParams.get(param);
        if (text != null) {
            return new Value(text, "init-param");
        }
        return null;
    }
}
