package dev.mmsearch.index.solr;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Request parameters in order, repeated names allowed (Solr reads several {@code fq}, {@code id}). */
final class SolrParams {
  private final List<Map.Entry<String, String>> entries = new ArrayList<>();

  SolrParams add(String name, String value) {
    entries.add(Map.entry(name, value));
    return this;
  }

  SolrParams add(String name, long value) {
    return add(name, Long.toString(value));
  }

  /** {@code application/x-www-form-urlencoded}: the body of a POST, so long vectors never meet URL limits. */
  String encoded() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : entries) {
      if (!sb.isEmpty()) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return sb.toString();
  }
}
