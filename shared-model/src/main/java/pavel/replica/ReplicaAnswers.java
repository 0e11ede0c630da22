package pavel.replica;

import java.util.List;
import pavel.model.DocumentException;
import pavel.op.DocRequest;
import pavel.op.VersionConflictException;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;

/** The answers a replica gives; the reason phrase is left empty for the transport to fill in. */
final class ReplicaAnswers {
    private ReplicaAnswers() {
    }

    /** {@code 204}: applied, or already applied. */
    static ReverseResponse noContent(ReverseRequest request) {
        return ReverseResponse.of(request, 204, "");
    }

    /** {@code 200} to a replica check: the version and the hash, no body. */
    static ReverseResponse check(ReverseRequest request, long version, String hashHex) {
        return answer(request, 200, List.of(new Header(DocRequest.VERSION, Long.toString(version)),
                new Header("ETag", "\"" + hashHex + "\"")), "");
    }

    /** {@code 200} with a node's HTML or a value, and the version it was read at. */
    static ReverseResponse content(ReverseRequest request, long version, String contentType, String body) {
        return answer(request, 200, List.of(new Header(DocRequest.VERSION, Long.toString(version)),
                new Header("Content-Type", contentType)), body);
    }

    /**
     * The problem's status with its sentence as {@code text/plain}; a version conflict also says where the replica
     * is ({@code Pavel-Version}), which helps whoever reads the server's log.
     */
    static ReverseResponse problem(ReverseRequest request, DocumentException problem) {
        String sentence = String.valueOf(problem.getMessage());
        Header type = new Header("Content-Type", DocRequest.TEXT);
        List<Header> headers = problem instanceof VersionConflictException conflict
                ? List.of(type, new Header(DocRequest.VERSION, Long.toString(conflict.actual())))
                : List.of(type);
        return answer(request, problem.status(), headers, sentence);
    }

    /** {@code 405} with {@code Allow}, for a method a replica does not answer. */
    static ReverseResponse methodNotAllowed(ReverseRequest request) {
        return answer(request, 405, List.of(new Header("Allow", "GET, PUT, POST, DELETE"),
                new Header("Content-Type", DocRequest.TEXT)),
                "A replica answers GET, PUT, POST and DELETE on /doc/, not " + request.method() + ".");
    }

    private static ReverseResponse answer(ReverseRequest request, int status, List<Header> headers, String body) {
        return new ReverseResponse(request.messageId(), request.httpVersion(), status, "", headers, body);
    }
}
