package io.meterline.common.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.8.9.10", "::1", "0.0.0.0", "::", "10.1.2.3", "172.16.0.1",
            "172.31.255.255", "192.168.1.1", "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "100.64.0.1",
            "100.127.255.254", "224.0.0.1", "ff02::1", "255.255.255.255", "240.0.0.1", "198.18.0.1", "192.0.0.8",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "::127.0.0.1",
            "0.1.2.3" })
    void refusesAddressesOfThisMachineAndPrivateNetworks(String literal) throws Exception {
        assertNotNull(WebhookAddresses.refusal(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = { "93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1",
            "192.169.0.1", "2606:4700:4700::1111", "2001:4860:4860::8888", "::ffff:8.8.8.8" })
    void acceptsPublicAddresses(String literal) throws Exception {
        assertNull(WebhookAddresses.refusal(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://hooks.example.com/meterline|",
            "http://hooks.example.com:8443/a?b=c|",
            "HTTPS://[2606:4700::1]/x|",
            "ftp://hooks.example.com/x|must be an http or https URL",
            "file:///etc/passwd|must be an http or https URL",
            "hooks.example.com/x|must be an http or https URL",
            "https:///nohost|must name a host",
            "https://user:pw@hooks.example.com/|must not carry credentials (user:password@)",
            "https://hooks.example.com/#frag|must not have a fragment (#...)",
            "https://hooks example.com/|must be a valid absolute URL (Illegal character in authority)" })
    void checksTheUrlBeforeResolvingIt(String url, String problem) {
        assertEquals(problem, WebhookAddresses.urlProblem(url));
    }

    @ParameterizedTest
    @CsvSource({ "https://a.example/x, a.example, 443", "http://a.example/x, a.example, 80",
            "http://a.example:8080/, a.example, 8080", "https://[::1]:9/, ::1, 9" })
    void hostAndPortWithDefaults(String url, String host, int port) {
        URI uri = URI.create(url);
        assertEquals(host, WebhookAddresses.host(uri));
        assertEquals(port, WebhookAddresses.port(uri));
    }
}
