package io.github.viewcache.legacy;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The shop's items: fixed, as the pages that show them only read. */
public final class Catalog {

    /** One item for sale. */
    public static final class Item {
        private final int id;
        private final String name;
        private final int price;

        Item(int id, String name, int price) {
            this.id = id;
            this.name = name;
            this.price = price;
        }

        public int getId() {
            return id;
        }

        public String getName() {
            return name;
        }

        public int getPrice() {
            return price;
        }
    }

    static final List<Item> ITEMS = Collections.unmodifiableList(Arrays.asList(
            new Item(1, "Lamp", 30), new Item(2, "Chair", 80), new Item(3, "Desk", 200)));

    private Catalog() {
    }

    static Item find(int id) {
        for (Item item : ITEMS) {
            if (item.getId() == id) {
                return item;
            }
        }
        return null;
    }
}
