package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The jars users put in WEB-INF/lib, as built: Java 8 bytecode, and self-contained where they say so. */
class FilterJarsIT {

    static Path jar(String classifier) {
        String name = "viewcache-filter-" + System.getProperty("viewcache.version")
                + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar";
        Path jar = Path.of(System.getProperty("viewcache.jars"), name);
        assertTrue(Files.exists(jar), jar + " was built");
        return jar;
    }

    static List<String> classes(JarFile jar) {
        List<String> names = new ArrayList<>();
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            String name = e.nextElement().getName();
            if (name.endsWith(".class")) {
                names.add(name);
            }
        }
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "javax", "all", "javax-all"})
    void everyClassIsJava8Bytecode(String classifier) throws IOException {
        try (JarFile jar = new JarFile(jar(classifier).toFile())) {
            List<String> classes = classes(jar);
            assertTrue(classes.size() > 20, classes.size() + " classes");
            for (String name : classes) {
                try (InputStream in = jar.getInputStream(jar.getJarEntry(name))) {
                    DataInputStream data = new DataInputStream(in);
                    assertEquals(0xCAFEBABE, data.readInt(), name);
                    data.readUnsignedShort();
                    int major = data.readUnsignedShort();
                    assertTrue(major <= 52, name + " is class-file version " + major + ", newer than Java 8 (52)");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"all", "javax-all"})
    void aSelfContainedJarCarriesItsDependenciesUnderItsOwnPackage(String classifier) throws IOException {
        try (JarFile jar = new JarFile(jar(classifier).toFile())) {
            List<String> classes = classes(jar);
            for (String name : classes) {
                assertTrue(name.startsWith("io/github/viewcache/"), name + " is outside io.github.viewcache");
            }
            assertTrue(classes.contains("io/github/viewcache/shaded/redis/clients/jedis/RedisClient.class"));
            assertTrue(classes.contains("io/github/viewcache/shaded/gson/Gson.class"));
            assertTrue(classes.contains("io/github/viewcache/ResponseCachingFilter.class"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "javax", "all", "javax-all"})
    void eachJarSpeaksOneServletApi(String classifier) throws IOException {
        boolean javax = classifier.startsWith("javax");
        try (JarFile jar = new JarFile(jar(classifier).toFile())) {
            byte[] filter = jar.getInputStream(jar.getJarEntry("io/github/viewcache/ResponseCachingFilter.class"))
                    .readAllBytes();
            String constants = new String(filter, StandardCharsets.ISO_8859_1);
            assertEquals(javax, constants.contains("javax/servlet/Filter"));
            assertEquals(!javax, constants.contains("jakarta/servlet/Filter"));
            for (String name : classes(jar)) {
                String text = new String(jar.getInputStream(jar.getJarEntry(name)).readAllBytes(),
                        StandardCharsets.ISO_8859_1);
                assertFalse(javax && text.contains("jakarta/servlet"), name + " still names jakarta.servlet");
            }
        }
    }
}
