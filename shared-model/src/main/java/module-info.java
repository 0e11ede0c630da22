import org.jspecify.annotations.NullMarked;

/**
 * Pavel's shared model: the document tree, node paths, ops, HTML fragments and the sanitizer. Pure Java, no
 * networking; the server, the desktop app and the benchmarks all build on it.
 */
@NullMarked
module pavel.model {
    requires transitive org.jspecify;
    requires org.jsoup;
    requires transitive com.fasterxml.jackson.databind;

    exports pavel.model;
    exports pavel.path;
    exports pavel.op;

    opens pavel.op to com.fasterxml.jackson.databind;
}
