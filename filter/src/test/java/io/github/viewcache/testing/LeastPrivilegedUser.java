package io.github.viewcache.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import redis.clients.jedis.Protocol;

/**
 * The Redis user with the least privilege docs/redis.md gives, made on a test's private Redis
 * from that very line, so a suite run as this user proves the rule is enough.
 */
public final class LeastPrivilegedUser {

    private LeastPrivilegedUser() {
    }

    /** Makes the user on {@code redis} and returns a redis-url that signs in as it. */
    public static String url(PrivateRedis redis) throws IOException {
        String rule = documentedRule();
        String password = UUID.randomUUID().toString();
        String[] words = rule.replace("CHANGE-ME", password).split(" ");
        redis.client().sendCommand(Protocol.Command.ACL, Arrays.copyOfRange(words, 1, words.length));
        return "redis://viewcache:" + password + "@127.0.0.1:" + redis.process().port();
    }

    /**
     * Makes the user on every node of {@code cluster}, with the cluster's addition too, and
     * returns a redis-cluster URL that signs in as it.
     */
    public static String url(RedisCluster cluster) throws IOException {
        List<String> rules = documentedRules();
        String password = UUID.randomUUID().toString();
        for (int port : cluster.nodePorts()) {
            try (redis.clients.jedis.Jedis node = new redis.clients.jedis.Jedis("127.0.0.1", port, 5000)) {
                for (String rule : rules) {
                    String[] words = rule.replace("CHANGE-ME", password).split(" ");
                    node.sendCommand(Protocol.Command.ACL, Arrays.copyOfRange(words, 1, words.length));
                }
            }
        }
        return cluster.url().replace("redis-cluster://", "redis-cluster://viewcache:" + password + "@");
    }

    /** The {@code ACL SETUSER} line of docs/redis.md, as a reader would copy it. */
    static String documentedRule() throws IOException {
        return documentedRules().get(0);
    }

    /** Every {@code ACL SETUSER} line of docs/redis.md, in order: the rule, then the cluster's addition. */
    public static List<String> documentedRules() throws IOException {
        List<String> rules = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(Path.of("..", "docs", "redis.md"))) {
            if (line.startsWith("ACL SETUSER viewcache ")) {
                rules.add(line.trim());
            }
        }
        if (rules.isEmpty()) {
            throw new IllegalStateException("docs/redis.md has no ACL SETUSER line");
        }
        return rules;
    }
}
