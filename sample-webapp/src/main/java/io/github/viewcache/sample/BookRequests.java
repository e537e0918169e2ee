package io.github.viewcache.sample;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Gson;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Reads the JSON bodies of POST and PUT. Anything it cannot take exactly as sent is refused
 * with a message, so no book is ever stored differently from what the client meant.
 */
final class BookRequests {

    /** A request body the sample refuses; the message goes back to the client with 400. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private static final Gson GSON = new Gson();

    private BookRequests() {
    }

    /** {@code {"name": "...", "price": 123}} */
    static Book newBook(String body) throws BadRequest {
        JsonObject json = object(body, Set.of("name", "price"));
        return new Book(name(json), price(json));
    }

    /** {@code {"price": 123}}, optionally with the same {@code name} as the path. */
    static BigDecimal newPrice(String body, String pathName) throws BadRequest {
        JsonObject json = object(body, Set.of("name", "price"));
        if (json.has("name") && !name(json).equals(pathName)) {
            throw new BadRequest("\"name\" in the body must match the book in the path [" + pathName
                    + "]; renaming is not supported");
        }
        return price(json);
    }

    // setLenient(false), not setStrictness: the javax build of this WAR runs on the application's
    // own Gson 2.8, which has no Strictness. The adapter, unlike JsonParser, keeps it strict.
    @SuppressWarnings("deprecation")
    private static JsonObject object(String body, Set<String> allowed) throws BadRequest {
        JsonElement parsed;
        try {
            JsonReader reader = new JsonReader(new StringReader(body));
            reader.setLenient(false);
            parsed = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new BadRequest("The body has more than one JSON value");
            }
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new BadRequest("The body is not valid JSON: " + e.getMessage());
        }
        if (!parsed.isJsonObject()) {
            throw new BadRequest("The body must be a JSON object such as {\"name\": \"bar\", \"price\": 200}");
        }
        JsonObject json = parsed.getAsJsonObject();
        for (Map.Entry<String, JsonElement> field : json.entrySet()) {
            if (!allowed.contains(field.getKey())) {
                throw new BadRequest("Unknown field \"" + field.getKey() + "\"; allowed: " + allowed);
            }
        }
        return json;
    }

    private static String name(JsonObject json) throws BadRequest {
        JsonElement name = json.get("name");
        if (name == null || !(name instanceof JsonPrimitive p) || !p.isString()) {
            throw new BadRequest("\"name\" is required and must be a string");
        }
        String value = name.getAsString();
        if (value.isBlank() || value.contains("/")) {
            throw new BadRequest("\"name\" must be non-blank and must not contain '/'");
        }
        return value;
    }

    private static BigDecimal price(JsonObject json) throws BadRequest {
        JsonElement price = json.get("price");
        if (price == null || !(price instanceof JsonPrimitive p) || !p.isNumber()) {
            throw new BadRequest("\"price\" is required and must be a number, e.g. 100 or 12.50");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(price.getAsJsonPrimitive().getAsString());
        } catch (NumberFormatException e) {
            throw new BadRequest("\"price\" must be a number, e.g. 100 or 12.50");
        }
        if (value.signum() < 0) {
            throw new BadRequest("\"price\" must be 0 or more");
        }
        return value;
    }
}
