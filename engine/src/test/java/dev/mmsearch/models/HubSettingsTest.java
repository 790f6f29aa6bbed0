package dev.mmsearch.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubSettingsTest {

  @Test
  void endpointAndTokenComeFromTheEnvironment() {
    HubSettings s = HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", "https://mirror.example/", "HUGGING_FACE_HUB_TOKEN", " t0k "));
    assertEquals(URI.create("https://mirror.example"), s.endpoint());
    assertEquals("t0k", s.token());
    HubSettings d = HubSettings.fromEnvironment(Map.of());
    assertEquals(URI.create(HubSettings.DEFAULT_ENDPOINT), d.endpoint());
    assertNull(d.token());
    assertEquals("a", HubSettings.fromEnvironment(Map.of("HF_TOKEN", "a", "HUGGING_FACE_HUB_TOKEN", "b")).token());
  }

  @Test
  void proxyVariablesAreHonouredExceptForNoProxyHosts() {
    assertNull(HubSettings.fromVariables(Map.of()));
    var selector = HubSettings.fromVariables(Map.of("https_proxy", "http://proxy.corp:3128", "NO_PROXY", "localhost, .internal"));
    Proxy p = selector.select(URI.create("https://huggingface.co/x")).getFirst();
    assertEquals(Proxy.Type.HTTP, p.type());
    InetSocketAddress a = (InetSocketAddress) p.address();
    assertEquals(List.of("proxy.corp", 3128), List.of(a.getHostString(), a.getPort()));
    assertEquals(Proxy.NO_PROXY, selector.select(URI.create("http://localhost:8080/")).getFirst());
    assertEquals(Proxy.NO_PROXY, selector.select(URI.create("https://hub.internal/")).getFirst());
    assertEquals(Proxy.Type.HTTP, selector.select(URI.create("https://notinternal.com/")).getFirst().type());
  }
}
