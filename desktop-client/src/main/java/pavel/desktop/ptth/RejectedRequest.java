package pavel.desktop.ptth;

/** A reversed request that {@link ReverseRequestGuard} refused: answered in its turn with {@code status}, then the connection closes. */
record RejectedRequest(int status, String detail) {
}
