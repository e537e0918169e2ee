package io.github.viewcache.testing;

import java.util.HashMap;
import java.util.Map;

/** A filter's init-params for a test: a base set, with name/value pairs added or overriding. */
public final class InitParams {

    private InitParams() {
    }

    public static Map<String, String> of(Map<String, String> base, String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("name/value pairs, not " + nameValuePairs.length + " strings");
        }
        Map<String, String> params = new HashMap<>(base);
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            params.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return params;
    }
}
