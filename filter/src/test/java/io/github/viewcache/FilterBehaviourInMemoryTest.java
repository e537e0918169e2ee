package io.github.viewcache;

import java.util.Map;

class FilterBehaviourInMemoryTest extends FilterBehaviourTest {

    @Override
    Map<String, String> storeParams() {
        return Map.of("store", "memory");
    }
}
