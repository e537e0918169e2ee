package io.github.viewcache;

import java.util.Map;

class WriteEvictionInMemoryTest extends WriteEvictionTest {

    @Override
    Map<String, String> storeParams() {
        return Map.of("store", "memory");
    }
}
