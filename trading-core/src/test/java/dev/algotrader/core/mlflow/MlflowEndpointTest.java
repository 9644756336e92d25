package dev.algotrader.core.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.audit.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credential resolution in the order MLflow's Python client applies it. */
class MlflowEndpointTest {

    static String basic(String user, String pw) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void environmentBasicAuthWinsOverUriAndToken() {
        MlflowEndpoint ep =
                MlflowEndpoint.of(
                        "http://u:uripw@host:5000/",
                        Map.of(
                                "MLFLOW_TRACKING_USERNAME", "envuser",
                                "MLFLOW_TRACKING_PASSWORD", "envpw-1",
                                "MLFLOW_TRACKING_TOKEN", "tok-1"));
        assertThat(ep.uri()).isEqualTo("http://host:5000");
        assertThat(ep.toString()).isEqualTo("http://host:5000");
        assertThat(ep.authorization()).isEqualTo(basic("envuser", "envpw-1"));
        assertThat(ep.credentialSource()).isEqualTo(MlflowEndpoint.CredentialSource.ENV_BASIC);
    }

    @Test
    void uriUserInfoIsPercentDecodedAndWinsOverTheToken() {
        MlflowEndpoint ep =
                MlflowEndpoint.of(
                        "https://al%40ice:p%3Aw%2Bd@mlflow.example.com/prefix",
                        Map.of("MLFLOW_TRACKING_TOKEN", "tok-2"));
        assertThat(ep.uri()).isEqualTo("https://mlflow.example.com/prefix");
        assertThat(ep.authorization()).isEqualTo(basic("al@ice", "p:w+d"));
        assertThat(Secrets.process().redact("p:w+d")).isEqualTo("***");
    }

    @Test
    void tokenGivesABearerHeaderAndNothingGivesNone() {
        assertThat(
                        MlflowEndpoint.of("http://h", Map.of("MLFLOW_TRACKING_TOKEN", "tok-3"))
                                .authorization())
                .isEqualTo("Bearer tok-3");
        assertThat(MlflowEndpoint.of("http://h", Map.of()).authorization()).isNull();
        // a user name alone (no password) is not basic auth, as in MLflow
        assertThat(
                        MlflowEndpoint.of("http://h", Map.of("MLFLOW_TRACKING_USERNAME", "u"))
                                .authorization())
                .isNull();
    }

    @Test
    void tlsOptionsAndMistakesAreOneLine() {
        assertThat(
                        MlflowEndpoint.of(
                                        "https://h", Map.of("MLFLOW_TRACKING_INSECURE_TLS", "true"))
                                .sslContext())
                .isNotNull();
        assertThatThrownBy(
                        () ->
                                MlflowEndpoint.of(
                                        "https://h",
                                        Map.of(
                                                "MLFLOW_TRACKING_INSECURE_TLS", "true",
                                                "MLFLOW_TRACKING_SERVER_CERT_PATH", "/ca.pem")))
                .hasMessageContaining("unset one of them");
        assertThatThrownBy(
                        () ->
                                MlflowEndpoint.of(
                                                "https://h",
                                                Map.of(
                                                        "MLFLOW_TRACKING_SERVER_CERT_PATH",
                                                        "/nope.pem"))
                                        .sslContext())
                .hasMessageContaining("point it at a readable PEM file");
        assertThatThrownBy(() -> MlflowEndpoint.of("ftp://u:secretpw@h", Map.of()))
                .hasMessageContaining("ftp://***@h")
                .hasMessageNotContaining("secretpw");
        assertThatThrownBy(
                        () ->
                                MlflowEndpoint.of(
                                        "http://h", Map.of("MLFLOW_TRACKING_INSECURE_TLS", "yes")))
                .hasMessageContaining("use true or false");
    }
}
