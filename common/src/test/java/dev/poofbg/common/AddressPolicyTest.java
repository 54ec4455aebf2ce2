package dev.poofbg.common;

import dev.poofbg.common.net.AddressPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AddressPolicyTest {
    @ParameterizedTest(name = "{0}: strict={1} local={2}")
    @CsvSource({
            // address, allowed by default, allowed with allow-loopback
            "93.184.216.34, true, true",
            "2606:4700::6810:85e5, true, true",
            "127.0.0.1, false, true",
            "127.255.0.9, false, true",
            "10.0.0.1, false, false",
            "172.16.5.4, false, false",
            "172.32.0.1, true, true",
            "192.168.1.1, false, false",
            "100.64.0.1, false, false",
            "100.127.255.254, false, false",
            "169.254.10.10, false, false",
            "169.254.169.254, false, false",
            "100.100.100.200, false, false",
            "0.0.0.0, false, false",
            "255.255.255.255, false, false",
            "224.0.0.1, false, false",
            "::, false, false",
            "::1, false, true",
            "fe80::1, false, false",
            "fc00::1, false, false",
            "fd12:3456::1, false, false",
            "fd00:ec2::254, false, false",
            "ff02::1, false, false",
            "::ffff:10.0.0.1, false, false",
            "::ffff:169.254.169.254, false, false",
            "::ffff:8.8.8.8, true, true",
            "64:ff9b::a00:1, false, false",
            "64:ff9b::a9fe:a9fe, false, false",
            "2002:a9fe:a9fe::1, false, false",
            "2002:0a00:0001::1, false, false",
            "2002:5db8:d822::1, true, true",
            "64:ff9b:1::a00:1, false, false",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2, false, false",
            "2001:2::1, false, false",
            "2001:db8::1, false, false",
            "3fff::1, false, false",
            "100::1, false, false",
            "::ffff:0:a00:1, false, false",
            "4000::1, false, false",
            "2a00:1450:4001:80b::200e, true, true",
    })
    void decidesEveryAddressClass(String literal, boolean strict, boolean local) throws Exception {
        InetAddress address = InetAddress.getByName(literal); // a literal: no lookup
        assertEquals(strict, new AddressPolicy(false).refuse(address).isEmpty(), "default policy");
        assertEquals(local, new AddressPolicy(true).refuse(address).isEmpty(), "allow-loopback policy");
    }

    @ParameterizedTest
    @CsvSource({"metadata.google.internal", "METADATA.google.internal.", "metadata", "metadata.goog"})
    void refusesMetadataNamesBeforeAnyLookup(String host) {
        assertEquals(false, new AddressPolicy(true).refuseHost(host).isEmpty());
    }
}
