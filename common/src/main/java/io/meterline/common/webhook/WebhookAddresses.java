package io.meterline.common.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a webhook may be sent, checked when an endpoint is registered and again for every attempt, after the host
 * name is resolved (a name can be re-pointed at an internal address after registration). Only absolute http(s)
 * URLs without credentials; no address of this machine or of a private network (loopback, private ranges,
 * link-local such as cloud metadata at 169.254.169.254, unique-local IPv6, carrier-grade NAT, multicast, the
 * unspecified address) unless the deployment allows private addresses (METERLINE_WEBHOOKS_ALLOW_PRIVATE=true,
 * for local runs and tests).
 */
public final class WebhookAddresses {

    public static final int MAX_URL_LENGTH = 2048;

    private WebhookAddresses() {
    }

    /** Why the URL cannot be an endpoint (before resolving it), or null. */
    public static String urlProblem(String url) {
        if (url.length() > MAX_URL_LENGTH) {
            return "must be at most " + MAX_URL_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "must be a valid absolute URL (" + e.getReason() + ")";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an http or https URL";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry credentials (user:password@)";
        }
        if (uri.getRawFragment() != null) {
            return "must not have a fragment (#...)";
        }
        return null;
    }

    /** The host of a URL accepted by {@link #urlProblem}, without IPv6 brackets. */
    public static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The port of an accepted URL, the scheme's default when none is given. */
    public static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Why a webhook must not be sent to this address, or null for a public address. */
    public static String refusal(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "is a loopback address";
        }
        if (address.isAnyLocalAddress()) {
            return "is the unspecified address";
        }
        if (address.isLinkLocalAddress()) {
            return "is a link-local address";
        }
        if (address.isSiteLocalAddress()) {
            return "is a private address";
        }
        if (address.isMulticastAddress()) {
            return "is a multicast address";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0 || first >= 240) {
                return "is a reserved address";
            }
            if (first == 100 && second >= 64 && second < 128) {
                return "is a private address (carrier-grade NAT)";
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return "is a reserved address";
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return "is a reserved address";
            }
        } else if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "is a private address (unique local)";
            }
            if (isIpv4Embedded(b)) {
                try {
                    byte[] v4 = { b[12], b[13], b[14], b[15] };
                    String inner = refusal(InetAddress.getByAddress(v4));
                    return inner == null ? null : inner + " (inside IPv6)";
                } catch (java.net.UnknownHostException e) {
                    return "is not a valid address";
                }
            }
        }
        return null;
    }

    /** ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible) and 64:ff9b::a.b.c.d (NAT64) carry an IPv4 address. */
    private static boolean isIpv4Embedded(byte[] b) {
        boolean zeroHead = true;
        for (int i = 0; i < 10; i++) {
            zeroHead &= b[i] == 0;
        }
        boolean mapped = zeroHead && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroHead && b[10] == 0 && b[11] == 0;
        boolean nat64 = (b[0] & 0xff) == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        return mapped || compatible || nat64;
    }
}
