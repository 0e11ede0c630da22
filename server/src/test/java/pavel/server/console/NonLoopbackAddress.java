package pavel.server.console;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import org.jspecify.annotations.Nullable;

/** This machine's first IPv4 address that is not loopback, for checking what the console refuses from elsewhere. */
final class NonLoopbackAddress {

    private NonLoopbackAddress() {}

    /** The address, or null on a machine with none (the tests that need it are skipped there). */
    static @Nullable InetAddress find() throws SocketException {
        for (NetworkInterface network : NetworkInterface.networkInterfaces().toList()) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (InetAddress address : network.inetAddresses().toList()) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address;
                }
            }
        }
        return null;
    }
}
