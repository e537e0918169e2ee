package io.github.viewcache;

/** Wall-clock time in epoch milliseconds; tests substitute their own to move time. */
interface Clock {

    Clock SYSTEM = System::currentTimeMillis;

    long millis();
}
