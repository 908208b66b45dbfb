// MongoDB-wire server for local development and tests (see docs/adr/0003-mongodb-wire-server.md).
//
// Run as a single-file source program, so there is no build step:
//   java -cp 'lib/*' Launcher.java <host> <port> <h2-file>
// crm-infra starts it, waits for the READY line below and stops it with SIGTERM.

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.net.InetAddress;
import java.util.List;

public class Launcher {

    // The version the server announces in hello/buildInfo. mongo-java-server 1.47.0's newest
    // constant (ServerVersion.MONGO_5_0) announces wire version 8, but the Node.js driver 7.8 used
    // by mongoose 9.12 refuses servers below wire version 9 (MongoDB 4.4). In 1.47.0 the version is
    // used only to build the hello/isMaster/buildInfo replies (checked in its bytecode), so
    // announcing 4.4 changes no server behaviour; we pick the lowest version the driver accepts so
    // that it enables as few newer-server code paths as possible.
    static final MongoVersion ANNOUNCED_VERSION = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(4, 4, 0);
        }

        @Override
        public int getWireVersion() {
            return 9;
        }
    };

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java -cp 'lib/*' Launcher.java <host> <port> <h2-file>");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String file = args[2];

        // Project rule: local servers are reachable from this machine only.
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            System.err.println("refusing to bind " + host + ": only loopback addresses are allowed");
            System.exit(2);
        }

        // H2 MVStore file backend: data survives restarts (the in-memory backend would not).
        H2Backend backend = new H2Backend(file);
        backend.version(ANNOUNCED_VERSION);
        MongoServer server = new MongoServer(backend);

        // SIGTERM/SIGINT: stop accepting clients, then close the MVStore so the last writes are
        // committed to the file (MongoServer.shutdown() closes the backend).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("crm-mongo: shutting down");
            server.shutdownNow();
        }, "crm-mongo-shutdown"));

        server.bind(host, port);
        // crm-infra waits for this exact line (and for the port) before it reports the server up.
        System.err.println("crm-mongo: READY mongo-java-server listening on " + host + ":" + port + " file=" + file);

        Thread.currentThread().join();
    }
}
