package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.CapturedLog;
import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;

/**
 * Pages whose render asked who is visiting: stored when it found nobody, for visitors who carry
 * nothing either; never when it found someone; hit-for-pass for those that cannot be stored; and
 * the reason, in the next response, on JMX and in the log. Real Jetty sessions, real Redis.
 */
class AnonymousPagesTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    VisitorPageServlet pages;
    final List<JettyServer> servers = new ArrayList<>();

    JettyServer start(String... params) throws Exception {
        Map<String, String> p = InitParams.of(Map.of("redis-url", redis.url()), params);
        pages = pages == null ? new VisitorPageServlet() : pages;
        JettyServer server = new JettyServer().filter("anon", p, "/v/*").servlet(pages, "/v/*")
                .servlet(pages, "/login").start();
        servers.add(server);
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        for (JettyServer server : servers) {
            server.close();
        }
    }

    HttpResponse<byte[]> fetch(String path, String... headers) throws IOException {
        return get(servers.get(0).uri(path), headers);
    }

    /** Signs {@code user} in; the {@code Cookie} header value that carries the session. */
    String signIn(String user) throws IOException {
        HttpResponse<byte[]> r = fetch("/login?user=" + user);
        String setCookie = header(r, "Set-Cookie");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    // ---- anonymous pages ------------------------------------------------------------------------

    @Test
    void anonymousVisitorsShareThePageThatFoundNobodyAndASignedInUserNeverGetsIt() throws Exception {
        start();
        HttpResponse<byte[]> first = fetch("/v/header");
        String alice = signIn("alice");
        HttpResponse<byte[]> aliceSees = fetch("/v/header", "Cookie", alice);
        HttpResponse<byte[]> second = fetch("/v/header");
        HttpResponse<byte[]> aliceAgain = fetch("/v/header", "Cookie", alice);

        assertEquals("Sign in · render 1", text(first));
        assertEquals("ViewCache; fwd=uri-miss; stored", header(first, "Cache-Status"));
        assertEquals("Welcome alice · render 2", text(aliceSees));
        assertEquals("Sign in · render 1", text(second));
        assertEquals("HIT", header(second, "X-Cache"));
        assertEquals("Welcome alice · render 3", text(aliceAgain));
        assertEquals("ViewCache; fwd=uri-miss; detail=personalized-session", header(aliceAgain, "Cache-Status"));
    }

    @Test
    void aSignedInUserFirstLeavesNothingAnAnonymousVisitorCouldGet() throws Exception {
        start();
        String alice = signIn("alice");
        HttpResponse<byte[]> aliceSees = fetch("/v/header", "Cookie", alice);
        HttpResponse<byte[]> anonymous = fetch("/v/header");
        HttpResponse<byte[]> anonymousAgain = fetch("/v/header");

        assertEquals("Welcome alice · render 1", text(aliceSees));
        assertEquals("ViewCache; fwd=uri-miss; detail=personalized-session", header(aliceSees, "Cache-Status"));
        assertEquals("Sign in · render 2", text(anonymous));
        assertEquals("Sign in · render 2", text(anonymousAgain));
        assertEquals("HIT", header(anonymousAgain, "X-Cache"));
    }

    @Test
    void twoUsersAlternatingEachSeeOnlyTheirOwnName() throws Exception {
        start();
        String alice = signIn("alice");
        String bob = signIn("bob");
        for (int i = 0; i < 3; i++) {
            assertTrue(text(fetch("/v/header", "Cookie", alice)).startsWith("Welcome alice"));
            assertTrue(text(fetch("/v/header", "Cookie", bob)).startsWith("Welcome bob"));
            assertTrue(text(fetch("/v/header")).startsWith("Sign in"));
        }
        assertEquals(7, pages.renders("/header"), "six personal renders and one anonymous one");
    }

    @Test
    void aSessionIdInThePathMakesAVisitorSomeoneToo() throws Exception {
        start();
        fetch("/v/header");
        HttpResponse<byte[]> withId = fetch("/v/header;jsessionid=node0unknown");

        assertNotEquals("HIT", header(withId, "X-Cache"));
        assertEquals("ViewCache; fwd=uri-miss; detail=personalized-session", header(withId, "Cache-Status"));
    }

    @Test
    void aCookieTheSettingsIgnoreLeavesAVisitorAnonymousAndAnyOtherMakesThemSomeone() throws Exception {
        start("anonymous-ignored-cookies", "_ga*, consent");
        HttpResponse<byte[]> none = fetch("/v/locale");
        HttpResponse<byte[]> analytics = fetch("/v/locale", "Cookie", "_ga=GA1.2.3; _ga_XYZ=1; consent=yes");
        HttpResponse<byte[]> french = fetch("/v/locale", "Cookie", "_ga=GA1.2.3; locale=fr");

        assertEquals("locale en · render 1", text(none));
        assertEquals("locale en · render 1", text(analytics));
        assertEquals("HIT", header(analytics, "X-Cache"));
        assertEquals("locale fr · render 2", text(french));
        assertEquals("ViewCache; fwd=uri-miss; detail=personalized-cookie", header(french, "Cache-Status"));
    }

    @Test
    void aSecondServerServesTheAnonymousPageToAnonymousVisitorsOnly() throws Exception {
        JettyServer one = start();
        JettyServer two = start();
        String alice = signIn("alice"); // a session of server one's; server two has none by that id
        get(one.uri("/v/header"));
        HttpResponse<byte[]> anonymousOnTwo = get(two.uri("/v/header"));
        HttpResponse<byte[]> aliceOnTwo = get(two.uri("/v/header"), "Cookie", alice);

        assertEquals("HIT", header(anonymousOnTwo, "X-Cache"));
        assertEquals("Sign in · render 1", text(anonymousOnTwo));
        assertNotEquals("HIT", header(aliceOnTwo, "X-Cache"), "a visitor with a session id never gets it");
    }

    // ---- new sessions ---------------------------------------------------------------------------

    @Test
    void aPageThatCreatesASessionIsNotStoredByDefaultAndSaysWhy() throws Exception {
        start();
        HttpResponse<byte[]> first = fetch("/v/new-session");
        HttpResponse<byte[]> second = fetch("/v/new-session");

        assertEquals("ViewCache; fwd=uri-miss; detail=new-session", header(first, "Cache-Status"));
        assertEquals("Catalog · render 2", text(second));
        assertEquals("ViewCache; fwd=uri-miss; detail=new-session", header(second, "Cache-Status"));
        assertTrue(header(second, "Set-Cookie").startsWith("JSESSIONID="));
    }

    @Test
    void withCacheNewSessionsThePageIsStoredWithoutTheSessionWhichOnlyItsOwnClientGets() throws Exception {
        start("cache-new-sessions", "true");
        HttpResponse<byte[]> first = fetch("/v/new-session");
        HttpResponse<byte[]> second = fetch("/v/new-session");
        String firstSession = header(first, "Set-Cookie");
        HttpResponse<byte[]> firstComesBack = fetch("/v/new-session", "Cookie",
                firstSession.substring(0, firstSession.indexOf(';')));

        assertEquals("ViewCache; fwd=uri-miss; stored", header(first, "Cache-Status"));
        assertTrue(firstSession.startsWith("JSESSIONID="), "the miss hands its client the new session");
        assertEquals("Catalog · render 1", text(second));
        assertEquals("HIT", header(second, "X-Cache"));
        assertNull(header(second, "Set-Cookie"), "a hit hands out no session");
        assertNull(header(second, "Expires"), "nor Jetty's Expires for the session cookie it does not carry");
        assertEquals("Catalog · render 2", text(firstComesBack), "a visitor with a session renders its own");
        assertEquals("ViewCache; fwd=uri-miss; detail=personalized-session", header(firstComesBack, "Cache-Status"));
    }

    @Test
    void aPageThatKeepsATokenInItsNewSessionIsNeverStored() throws Exception {
        start("cache-new-sessions", "true");
        HttpResponse<byte[]> first = fetch("/v/token");
        HttpResponse<byte[]> second = fetch("/v/token");

        assertNotEquals(text(first), text(second), "each visitor its own token");
        assertEquals("ViewCache; fwd=uri-miss; detail=new-session-used", header(first, "Cache-Status"));
        assertEquals("ViewCache; fwd=uri-miss; detail=new-session-used", header(second, "Cache-Status"));
        assertEquals(List.of(), StoredFields.entriesIn(redis.client(), "view//v/token"));
    }

    @Test
    void aPageThatLinksWithTheNewSessionIdIsNeverStored() throws Exception {
        start("cache-new-sessions", "true");
        HttpResponse<byte[]> first = fetch("/v/link");
        HttpResponse<byte[]> second = fetch("/v/link");

        assertTrue(text(first).contains(";jsessionid="), text(first));
        assertNotEquals(text(first), text(second));
        assertEquals("ViewCache; fwd=uri-miss; detail=new-session-id", header(first, "Cache-Status"));
    }

    @Test
    void aPageThatShowsTheNewSessionIdIsNeverStored() throws Exception {
        start("cache-new-sessions", "true");
        HttpResponse<byte[]> first = fetch("/v/session-id");
        HttpResponse<byte[]> second = fetch("/v/session-id");

        assertNotEquals(text(first), text(second));
        assertEquals("ViewCache; fwd=uri-miss; detail=new-session-id", header(second, "Cache-Status"));
    }

    // ---- hit-for-pass ---------------------------------------------------------------------------

    @Test
    void requestsForAPageThatIsNeverStoredRenderSideBySideInsteadOfQueueing() throws Exception {
        start();
        String alice = signIn("alice");
        fetch("/v/gated", "Cookie", alice); // refused: leaves a hit-for-pass marker
        pages.gatedEntered.drainPermits();
        pages.gate = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            Future<HttpResponse<byte[]>> a = clients.submit(() -> fetch("/v/gated", "Cookie", alice));
            Future<HttpResponse<byte[]>> b = clients.submit(() -> fetch("/v/gated", "Cookie", alice));
            boolean bothRendering = pages.gatedEntered.tryAcquire(2, 20, TimeUnit.SECONDS);
            pages.gate.countDown();
            assertTrue(bothRendering, "the second request rendered while the first was still rendering");
            assertEquals("ViewCache; fwd=uri-miss; detail=personalized-session",
                    header(a.get(30, TimeUnit.SECONDS), "Cache-Status"));
            assertEquals("MISS", header(b.get(30, TimeUnit.SECONDS), "X-Cache"));
        } finally {
            pages.gate.countDown();
            clients.shutdownNow();
        }
    }

    @Test
    void visitorsWithASessionNeverQueueBehindEachOtherForAnAnonymousPage() throws Exception {
        start();
        String alice = signIn("alice");
        String bob = signIn("bob");
        assertEquals("ViewCache; fwd=uri-miss; stored", header(fetch("/v/gated"), "Cache-Status"));
        pages.gatedEntered.drainPermits();
        pages.gate = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            Future<HttpResponse<byte[]>> a = clients.submit(() -> fetch("/v/gated", "Cookie", alice));
            Future<HttpResponse<byte[]>> b = clients.submit(() -> fetch("/v/gated", "Cookie", bob));
            boolean bothRendering = pages.gatedEntered.tryAcquire(2, 20, TimeUnit.SECONDS);
            pages.gate.countDown();
            assertTrue(bothRendering, "Bob's render did not wait for Alice's");
            assertEquals("MISS", header(a.get(30, TimeUnit.SECONDS), "X-Cache"));
            assertEquals("MISS", header(b.get(30, TimeUnit.SECONDS), "X-Cache"));
        } finally {
            pages.gate.countDown();
            clients.shutdownNow();
        }
        assertEquals("Gated · render 1", text(fetch("/v/gated")), "the anonymous page stays");
    }

    @Test
    void aRefusedPageCommittedEarlySaysWhyInTheNextResponse() throws Exception {
        start();
        String alice = signIn("alice");
        HttpResponse<byte[]> first = fetch("/v/late", "Cookie", alice);
        HttpResponse<byte[]> second = fetch("/v/late", "Cookie", alice);

        assertEquals("ViewCache; fwd=uri-miss", header(first, "Cache-Status"), "committed before it was known");
        assertEquals("ViewCache; fwd=uri-miss; detail=personalized-session", header(second, "Cache-Status"));
    }

    @Test
    void aLaterRenderThatMayBeStoredReplacesTheMarkerAndAnEvictionRemovesIt() throws Exception {
        JettyServer server = start();
        String alice = signIn("alice");
        fetch("/v/header", "Cookie", alice);
        redis.awaitRendersDone("view//v/header"); // the marker lands before the lock goes
        assertEquals(List.of("personalized-session"), StoredFields.markersIn(redis.client(), "view//v/header"));

        ViewCache.from(server.servletContext()).evict("/v/header");
        assertEquals(List.of(), StoredFields.markersIn(redis.client(), "view//v/header"),
                "an eviction removes the marker with the page");

        fetch("/v/header", "Cookie", alice);
        HttpResponse<byte[]> anonymous = fetch("/v/header");
        assertEquals("ViewCache; fwd=uri-miss; stored", header(anonymous, "Cache-Status"));
        assertEquals("HIT", header(fetch("/v/header"), "X-Cache"));
    }

    // ---- reasons you can see --------------------------------------------------------------------

    @Test
    void refusedStoresAreCountedByReasonOnJmx() throws Exception {
        start();
        String alice = signIn("alice");
        fetch("/v/header", "Cookie", alice);
        fetch("/v/header", "Cookie", alice);
        fetch("/v/new-session");

        MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = beans.queryNames(
                new ObjectName("io.github.viewcache:type=ResponseCachingFilter,name=\"anon\",*"), null)
                .iterator().next();
        @SuppressWarnings("unchecked")
        Map<String, Long> byReason = (Map<String, Long>) beans.getAttribute(name, "NotStoredByReason");
        assertEquals(Map.of("personalized-session", 2L, "new-session", 1L), byReason);
    }

    @Test
    void theFirstRefusalOfAPageIsLoggedOnceWithTheCallAndTheApplicationCodeThatMadeIt() throws Exception {
        List<String> lines;
        try (CapturedLog log = CapturedLog.of(RefusalLog.class)) {
            start();
            String alice = signIn("alice");
            fetch("/v/header", "Cookie", alice);
            fetch("/v/header", "Cookie", alice);
            fetch("/v/new-session");
            lines = log.messages();
        }
        assertEquals(List.of(
                "ViewCache [anon]: /v/header is not stored (personalized-session): getSession(false) found a session,"
                        + " from io.github.viewcache.VisitorPageServlet.doGet. Pages are stored only for visitors"
                        + " the render found nothing about",
                "ViewCache [anon]: /v/new-session is not stored (new-session): getSession() created a session,"
                        + " from io.github.viewcache.VisitorPageServlet.doGet. Set cache-new-sessions=true to store"
                        + " such pages for visitors without a session, without handing them the session"
                        + " (or use session=\"false\" in the JSP)"), lines);
    }
}
