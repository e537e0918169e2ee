package io.github.viewcache;

import java.util.Map;

class ValuesInMemoryTest extends ValuesTest {

    @Override
    Map<String, String> storeParams() {
        return Map.of("store", "memory");
    }
}
