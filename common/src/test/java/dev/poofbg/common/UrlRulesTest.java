package dev.poofbg.common;

import dev.poofbg.common.net.UrlRules;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrlRulesTest {

    private final UrlRules rules = new UrlRules(64);

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/cat.jpg", "HTTP://EXAMPLE.COM", "https://example.com:8443/a?b=c#d",
            "https://[2001:4860::8888]/x.png", "https://xn--bcher-kva.example/x", "https://my_host.example/x"})
    void absoluteHttpUrlsWithAHostPass(String url) {
        assertThat(rules.check(url).host()).isNotEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http:///x.jpg|must name a host",
            "http:x.jpg|must name a host",
            "https://|must name a host",
            "https://?q=1|must name a host",
            "ftp://example.com/x.jpg|must be an http or https URL",
            "data:image/png;base64,AAAA|must be an http or https URL",
            "example.com/x.jpg|must be an http or https URL",
            "https://user:secret@example.com/x.jpg|must not carry credentials",
            "https://user@example.com/x.jpg|must not carry credentials",
            "https://example.com/a b.jpg|spaces or control characters",
            "https://example.com/x.jpg" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|longer than 64 characters"})
    void anythingElseIsRefusedSayingWhy(String url, String why) {
        assertThatThrownBy(() -> rules.check(url)).isInstanceOf(UrlRules.UrlRefusedException.class).hasMessageContaining(why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\r\n", "\t", "\u007f"})
    void controlCharactersAnywhereAreRefused(String control) {
        assertThatThrownBy(() -> rules.check("https://example.com/x" + control + ".jpg"))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> rules.check("https://exam" + control + "ple.com/x.jpg"))
                .hasMessageContaining("control characters");
    }

    @org.junit.jupiter.api.Test
    void aLoneSurrogateIsNotAUrl() {
        assertThatThrownBy(() -> rules.check("https://example.com/\ud800")).hasMessageContaining("not a valid URL");
    }
}
