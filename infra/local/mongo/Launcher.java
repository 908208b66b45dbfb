// MongoDB-wire server for local development and tests (see docs/adr/0003-mongodb-wire-server.md).
//
// Run as a single-file source program, so there is no build step:
//   java -cp 'lib/*' Launcher.java <host> <port> <h2-file>
// crm-infra starts it, waits for the READY line below and stops it with SIGTERM.

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.KeyConstraintError;

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
        H2Backend backend = new KeyNarrowingH2Backend(file);
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

// Why the classes below exist (docs/adr/0360-mongodb-wire-server-narrows-by-unique-keys.md):
// mongo-java-server 1.47 uses a unique index (`_id` included) only when a filter's fields are
// EXACTLY the index's fields. Every guarded write of the projection runtime filters
// `{_id, $or: [guard…]}` and many readers filter `{_id, tenantId}`: each such command scanned the
// whole collection, so read-model writes grew with the collection (P4, P5, P9 of issue 18). Real
// MongoDB narrows such a filter by the `_id` index and checks the other fields on the documents
// found; these classes make this server do the same. Results cannot change: the candidates are
// the documents whose indexed fields match, and the server's own matcher still applies the whole
// filter to each of them (AbstractMongoCollection.queryDocuments → matchDocuments(query, positions…)).

/** The H2 file backend, whose databases narrow filters by their unique indexes. */
class KeyNarrowingH2Backend extends H2Backend {
    KeyNarrowingH2Backend(String file) {
        super(file);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        // H2Backend's constructor already set its MVStore when it opens the existing databases.
        return new KeyNarrowingH2Database(databaseName, getMvStore(), getCursorRegistry());
    }
}

class KeyNarrowingH2Database extends H2Database {
    KeyNarrowingH2Database(String databaseName, org.h2.mvstore.MVStore mvStore, CursorRegistry cursors) {
        super(databaseName, mvStore, cursors);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        // Called from H2Database's constructor too: no field of this class may be used here.
        return new KeyNarrowingIndex(super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse),
            indexName, keys, sparse);
    }
}

/**
 * A unique index that also serves filters with more fields than its own: it looks up the
 * documents by its fields' part of the filter (when the unique index can serve that part alone:
 * equality or $in), and the collection matches the whole filter on them. Everything else is the
 * unique index's own behaviour.
 */
class KeyNarrowingIndex extends Index<Object> {
    private final Index<Object> unique;

    KeyNarrowingIndex(Index<Object> unique, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.unique = unique;
    }

    /** The filter restricted to this index's fields, or null when it does not name them all. */
    private Document keyPart(Document query) {
        Document part = new Document();
        for (String key : keys()) {
            if (!query.containsKey(key)) return null;
            part.put(key, query.get(key));
        }
        return part;
    }

    @Override
    public boolean canHandle(Document query) {
        Document part = keyPart(query);
        return part != null && unique.canHandle(part);
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
        return unique.getPositions(keyPart(query));
    }

    @Override
    public boolean isUnique() {
        return true;
    }

    @Override
    public Object getPosition(Document document) {
        return unique.getPosition(document);
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        unique.checkAdd(document, collection);
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        unique.add(document, position, collection);
    }

    @Override
    public Object remove(Document document) {
        return unique.remove(document);
    }

    @Override
    public long getCount() {
        return unique.getCount();
    }

    @Override
    public boolean isEmpty() {
        return unique.isEmpty();
    }

    @Override
    public long getDataSize() {
        return unique.getDataSize();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        unique.checkUpdate(oldDocument, newDocument, collection);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position,
                              MongoCollection<Object> collection) throws KeyConstraintError {
        unique.updateInPlace(oldDocument, newDocument, position, collection);
    }

    @Override
    public void drop() {
        unique.drop();
    }
}
