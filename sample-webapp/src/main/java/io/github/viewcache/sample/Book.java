package io.github.viewcache.sample;

import java.math.BigDecimal;

/** A book of the sample: a name and a price kept exactly as the client sent it. */
record Book(String name, BigDecimal price) {
}
