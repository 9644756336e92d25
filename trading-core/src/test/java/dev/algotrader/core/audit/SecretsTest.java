package dev.algotrader.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void masksUriUserInfoCredentialVariablesAndUriPasswordsInEveryForm() {
        Secrets s =
                new Secrets(
                        Map.of(
                                "MLFLOW_TRACKING_PASSWORD", "p@ss word!",
                                "MLFLOW_TRACKING_TOKEN", "tok-123456",
                                "APCA_API_SECRET_KEY", "alpaca-secret",
                                "COINGECKO_API_KEY", "cg-key-1",
                                "MLFLOW_TRACKING_URI", "http://bob:uri-Pw-9@host:5000",
                                "HOME", "/home/user"));
        assertThat(s.redact("http://bob:uri-Pw-9@host:5000/api and https://x:y@h/p"))
                .isEqualTo("http://***@host:5000/api and https://***@h/p");
        assertThat(s.redact("the password uri-Pw-9 was sent")).doesNotContain("uri-Pw-9");
        assertThat(s.redact("pw=p@ss word! enc=p%40ss+word%21 enc2=p%40ss%20word%21"))
                .isEqualTo("pw=*** enc=*** enc2=***");
        assertThat(s.redact("Bearer tok-123456, alpaca-secret, cg-key-1, /home/user"))
                .isEqualTo("Bearer ***, ***, ***, /home/user");
        Map<String, Object> d =
                s.redact(
                        Map.<String, Object>of(
                                "password", "anything",
                                "nested", Map.of("uri", "http://u:v@h"),
                                "list", List.of("tok-123456")));
        assertThat(d.toString()).doesNotContain("anything", "u:v", "tok-123456");
    }

    @Test
    void registeredSecretsAreMaskedByEveryInstance() {
        Secrets.register("from-config-pw-77");
        assertThat(new Secrets(Map.of()).redact("x from-config-pw-77 y")).isEqualTo("x *** y");
        assertThat(Secrets.process().redact("from-config-pw-77")).isEqualTo("***");
    }

    @Test
    void shortValuesAreOnlyMaskedInsideUris() {
        Secrets s = new Secrets(Map.of("X_PASSWORD", "ab"));
        assertThat(s.redact("tab http://u:ab@h")).isEqualTo("tab http://***@h");
    }
}
