package io.github.viewcache.legacy;

import static io.github.viewcache.legacy.Browser.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.viewcache.testing.PrivateRedis;
import io.github.viewcache.testing.RealServer;

/**
 * The legacy-style shop in real Tomcat 9 (javax, Spring 5.3) and Tomcat 11 (jakarta, Spring 6),
 * ViewCache mapped on /* with its defaults, and with {@code cache-new-sessions=true}. Anonymous
 * visitors, signed-in users and visitors with cookies come in every order; the test asserts what
 * each of them is served, and that no answer ever carries another visitor's name, form token or
 * session id.
 */
class LegacyShopIT {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    static Stream<Arguments> shops() throws IOException {
        return Stream.of(
                Arguments.of("tomcat-9-javax", "tomcat9.home", "shop.lib.javax", false),
                Arguments.of("tomcat-9-javax-new-sessions", "tomcat9.home", "shop.lib.javax", true),
                Arguments.of("tomcat-11-jakarta", "tomcat11.home", "shop.lib.jakarta", false),
                Arguments.of("tomcat-11-jakarta-new-sessions", "tomcat11.home", "shop.lib.jakarta", true));
    }

    /** The shop laid out as an unpacked WAR: its JSPs and web.xml, its classes, this generation's libraries. */
    static Path shop(String name, String libProperty) throws IOException {
        Path dir = Path.of(System.getProperty("shop.dir"), name);
        RealServer.copyRecursively(Path.of(System.getProperty("shop.webapp")), dir);
        RealServer.copyRecursively(Path.of(System.getProperty("shop.classes")), dir.resolve("WEB-INF/classes"));
        RealServer.copyRecursively(Path.of(System.getProperty(libProperty)), dir.resolve("WEB-INF/lib"));
        return dir;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shops")
    void anonymousVisitorsGetHitsAndNobodySeesAnotherVisitorsData(String name, String home, String lib,
                                                                 boolean newSessions) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("VIEWCACHE_REDIS_URL", redis.url());
        env.put("VIEWCACHE_CACHE_NEW_SESSIONS", Boolean.toString(newSessions));
        RealServer server = RealServer.tomcat(name, home, shop(name, lib), "shop");
        try (RealServer running = server.start(env, "/shop/item?id=0", r -> r.statusCode() == 200)) {
            List<Browser> browsers = new ArrayList<>();
            Visits visits = new Visits(running, browsers);
            String log;
            try {
                visits.staticFilesAndJsonAreSharedByEveryone();
                visits.aPageWithoutSessionsIsSharedByAnonymousVisitorsInEitherOrder();
                visits.theAppsOwnErrorPageIsSharedToo();
                visits.jspPagesThatCreateSessions(newSessions);
                visits.theCartAndItsFlashMessageStayWithTheirOwner();
                visits.twoUsersAlternatingEachSeeTheirOwnName();
                visits.aLocaleCookieGetsItsOwnPage();
                visits.linksThroughEncodeUrlAreNeverShared(newSessions);
                visits.aTokenFormIsNeverStored(newSessions);
            } finally {
                log = running.log();
            }
            assertNoVisitorSawAnothersData(browsers);
            assertTrue(log.contains("is not stored (personalized-session): getSession(false) found a session"), log);
            assertTrue(log.contains("/contact is not stored (new-session"), log);
            assertTrue(log.contains("created a session, from org.springframework.web.context.request"
                    + ".ServletRequestAttributes.getSession, called by io.github.viewcache.legacy.ShopController.contact"),
                    log);
        }
    }

    /** The scenarios, in order, each with visitors of its own; the browsers are kept for the final check. */
    static final class Visits {
        private final RealServer server;
        private final List<Browser> browsers;

        Visits(RealServer server, List<Browser> browsers) {
            this.server = server;
            this.browsers = browsers;
        }

        Browser visitor(String name) {
            Browser b = new Browser(name, server);
            browsers.add(b);
            return b;
        }

        void staticFilesAndJsonAreSharedByEveryone() throws IOException {
            Browser alice = visitor("alice");
            alice.signIn();
            Browser anonymous = visitor("anonymous-static");
            assertEquals("MISS", header(anonymous.get("/shop/static/site.css"), "X-Cache"));
            HttpResponse<String> css = alice.get("/shop/static/site.css");
            assertEquals("HIT", header(css, "X-Cache"), "a file that never asks who is visiting is everyone's: "
                    + css.headers().map());
            // Spring asks for the session and the user on every request (its request-handled
            // event): the JSON is kept for visitors without a session, and Alice renders hers.
            assertEquals("MISS", header(anonymous.get("/shop/api/items"), "X-Cache"));
            HttpResponse<String> json = visitor("anonymous-json").get("/shop/api/items");
            assertEquals("HIT", header(json, "X-Cache"));
            assertTrue(json.body().startsWith("[{\"id\":1,\"name\":\"Lamp\"}"), json.body());
            HttpResponse<String> alices = alice.get("/shop/api/items");
            assertEquals(json.body(), alices.body());
            assertEquals("MISS", header(alices, "X-Cache"));
        }

        void aPageWithoutSessionsIsSharedByAnonymousVisitorsInEitherOrder() throws IOException {
            Browser bob = visitor("bob");
            bob.signIn();
            Browser first = visitor("anonymous-1");
            Browser second = visitor("anonymous-2");

            // Signed in first, then anonymous.
            HttpResponse<String> bobs = bob.get("/shop/item?id=2");
            assertTrue(bobs.body().contains("Welcome bob"), bobs.body());
            HttpResponse<String> anonymous = first.get("/shop/item?id=2");
            assertTrue(anonymous.body().contains("Sign in"), anonymous.body());
            // A JSP forward commits the answer before the filter knows it is stored: no "; stored".
            assertEquals("ViewCache; fwd=uri-miss", header(anonymous, "Cache-Status"));
            HttpResponse<String> hit = second.get("/shop/item?id=2");
            assertEquals("HIT", header(hit, "X-Cache"));
            assertEquals(anonymous.body(), hit.body());
            HttpResponse<String> bobsAgain = bob.get("/shop/item?id=2");
            assertTrue(bobsAgain.body().contains("Welcome bob"), bobsAgain.body());
            assertEquals("ViewCache; fwd=uri-miss; detail=personalized-session", header(bobsAgain, "Cache-Status"),
                    "the refused page says why next time");

            // Anonymous first, then signed in.
            assertEquals("MISS", header(first.get("/shop/item?id=3"), "X-Cache"));
            HttpResponse<String> bobsDesk = bob.get("/shop/item?id=3");
            assertTrue(bobsDesk.body().contains("Welcome bob"), bobsDesk.body());
            assertEquals("HIT", header(second.get("/shop/item?id=3"), "X-Cache"));
        }

        void theAppsOwnErrorPageIsSharedToo() throws IOException {
            Browser first = visitor("anonymous-error-1");
            Browser second = visitor("anonymous-error-2");
            HttpResponse<String> missing = first.get("/shop/item?id=999");
            assertEquals(200, missing.statusCode());
            assertTrue(missing.body().contains("Item 999 not found"), missing.body());
            assertEquals("HIT", header(second.get("/shop/item?id=999"), "X-Cache"));
        }

        /** The catalog is a JSP with the default session="true": it creates a session it never uses. */
        void jspPagesThatCreateSessions(boolean newSessions) throws IOException {
            Browser first = visitor("anonymous-catalog-1");
            Browser second = visitor("anonymous-catalog-2");
            Browser carol = visitor("carol");
            carol.signIn();
            HttpResponse<String> carols = carol.get("/shop/catalog");
            HttpResponse<String> miss = first.get("/shop/catalog");
            HttpResponse<String> next = second.get("/shop/catalog");
            HttpResponse<String> carolsAgain = carol.get("/shop/catalog");

            assertTrue(carols.body().contains("Welcome carol"), carols.body());
            assertTrue(carolsAgain.body().contains("Welcome carol"), carolsAgain.body());
            assertTrue(header(miss, "Set-Cookie").startsWith("JSESSIONID="), "the miss hands out its session");
            assertTrue(next.body().contains("Sign in"), next.body());
            assertEquals("MISS", header(miss, "X-Cache"));
            if (newSessions) {
                assertEquals("HIT", header(next, "X-Cache"));
                assertNull(header(next, "Set-Cookie"), "a hit hands out no session");
                assertEquals(miss.body(), next.body());
            } else {
                assertEquals("ViewCache; fwd=uri-miss; detail=new-session", header(next, "Cache-Status"),
                        "the first refusal, committed early, is told in the next answer");
                assertNotEquals(header(miss, "Set-Cookie"), header(next, "Set-Cookie"));
            }
            HttpResponse<String> firstComesBack = first.get("/shop/catalog");
            assertNotEquals("HIT", header(firstComesBack, "X-Cache"), "a visitor with a session renders its own");
        }

        void theCartAndItsFlashMessageStayWithTheirOwner() throws IOException {
            Browser dave = visitor("dave");
            dave.signIn();
            Browser erin = visitor("erin");
            erin.signIn();
            Browser anonymous = visitor("anonymous-cart");

            HttpResponse<String> added = dave.post("/shop/cart/add", "id=1");
            assertEquals(302, added.statusCode());
            HttpResponse<String> cart = dave.get("/shop/cart");
            assertTrue(cart.body().contains("Added Lamp") && cart.body().contains("Cart: [Lamp]"), cart.body());
            dave.secrets.add("Cart: [Lamp]");
            HttpResponse<String> erins = erin.get("/shop/cart");
            assertTrue(erins.body().contains("Welcome erin") && erins.body().contains("Cart: empty"), erins.body());
            HttpResponse<String> anonymousCart = anonymous.get("/shop/cart");
            assertTrue(anonymousCart.body().contains("Sign in") && anonymousCart.body().contains("Cart: empty"),
                    anonymousCart.body());
            HttpResponse<String> again = dave.get("/shop/cart");
            assertTrue(again.body().contains("Cart: [Lamp]") && !again.body().contains("Added Lamp"),
                    "the flash message shows once: " + again.body());
        }

        void twoUsersAlternatingEachSeeTheirOwnName() throws IOException {
            Browser frank = visitor("frank");
            frank.signIn();
            Browser grace = visitor("grace");
            grace.signIn();
            for (int i = 0; i < 3; i++) {
                for (String page : new String[] {"/shop/item?id=1", "/shop/catalog", "/shop/login"}) {
                    assertTrue(frank.get(page).body().contains("Welcome frank"), page);
                    assertTrue(grace.get(page).body().contains("Welcome grace"), page);
                }
            }
        }

        void aLocaleCookieGetsItsOwnPage() throws IOException {
            Browser english = visitor("anonymous-english");
            Browser french = visitor("anonymous-french");
            english.get("/shop/catalog");
            HttpResponse<String> bienvenue = french.get("/shop/catalog", "Cookie", "locale=fr");
            assertTrue(bienvenue.body().contains("Bienvenue"), bienvenue.body());
            assertNotEquals("HIT", header(bienvenue, "X-Cache"));
        }

        void linksThroughEncodeUrlAreNeverShared(boolean newSessions) throws IOException {
            Browser first = visitor("anonymous-home-1");
            Browser second = visitor("anonymous-home-2");
            HttpResponse<String> home = first.get("/shop/home");
            assertTrue(home.body().contains(";jsessionid=" + first.sessionIds.get(0)), home.body());
            HttpResponse<String> next = second.get("/shop/home");
            assertTrue(next.body().contains(";jsessionid=" + second.sessionIds.get(0)), next.body());
            assertEquals("ViewCache; fwd=uri-miss; detail=" + (newSessions ? "new-session-id" : "new-session"),
                    header(next, "Cache-Status"));
        }

        void aTokenFormIsNeverStored(boolean newSessions) throws IOException {
            Browser first = visitor("anonymous-contact-1");
            Browser second = visitor("anonymous-contact-2");
            HttpResponse<String> one = first.get("/shop/contact");
            HttpResponse<String> two = second.get("/shop/contact");
            first.secrets.add(token(one.body()));
            second.secrets.add(token(two.body()));
            assertNotEquals(token(one.body()), token(two.body()));
            assertEquals("ViewCache; fwd=uri-miss; detail=" + (newSessions ? "new-session-used" : "new-session"),
                    header(two, "Cache-Status"));
        }

        private static String token(String body) {
            int at = body.indexOf("name=\"token\" value=\"") + "name=\"token\" value=\"".length();
            return body.substring(at, body.indexOf('"', at));
        }
    }

    /** No answer to any visitor carries a name, cart, token or session id that is another's. */
    static void assertNoVisitorSawAnothersData(List<Browser> browsers) {
        int checked = 0;
        for (Browser viewer : browsers) {
            for (HttpResponse<String> answer : viewer.answers) {
                String seen = answer.body() + answer.headers().map();
                for (Browser other : browsers) {
                    if (other == viewer) {
                        continue;
                    }
                    for (String secret : other.secrets) {
                        assertFalse(seen.contains(secret), viewer + " was served " + other + "'s [" + secret
                                + "] in " + answer.uri() + ": " + seen);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 1000, "checked " + checked + " answer/secret pairs");
    }
}
