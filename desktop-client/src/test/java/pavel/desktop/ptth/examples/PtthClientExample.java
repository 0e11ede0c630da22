package pavel.desktop.ptth.examples;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import pavel.desktop.ptth.PtthClient;
import pavel.desktop.ptth.PtthClientConfig;
import pavel.desktop.ptth.ReverseReplies;
import pavel.desktop.ptth.ReverseRouter;

/** Connects to a running {@code pavel serve} and prints what the server pushes. Run: {@code PtthClientExample [uri]}. */
public final class PtthClientExample {
    private PtthClientExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        URI uri = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8080/ptth");
        ReverseRouter router = ReverseRouter.builder()
                .on("PUT", "/doc/**", req -> {
                    System.out.println("op " + req.uri() + " " + req.header("Pavel-Version") + ": " + req.body());
                    return ReverseReplies.noContent(req);
                })
                .on("POST", "/console", req -> {
                    System.out.println("console: " + req.body());
                    return ReverseReplies.noContent(req);
                })
                .build();
        PtthClientConfig config = PtthClientConfig.newBuilder(uri).viewSpaces(List.of("main")).build();
        try (PtthClient client = new PtthClient(config, router, event -> System.out.println("PTTH " + event))) {
            client.connect();
            new CountDownLatch(1).await(); // until Ctrl-C
        }
    }
}
