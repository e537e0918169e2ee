package io.github.viewcache.bench;

import java.net.ServerSocket;

/** Prints a free loopback port, for bench/run.sh. */
public final class FreePort {

    private FreePort() {
    }

    public static void main(String[] args) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            System.out.println(socket.getLocalPort());
        }
    }
}
