package io.github.viewcache.sample;

class BooksInMemoryTest extends BooksSampleTest {

    @Override
    void chooseStore() {
        System.setProperty("viewcache.store", "memory");
    }
}
