package dev.clm.http.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Matches a method and path against the route table; literal segments beat parameters. */
public final class Router {
    private final List<Route> routes = new ArrayList<>();

    public Router add(Route route) {
        for (Route r : routes) {
            if (r.method().equals(route.method()) && r.template().equals(route.template())) {
                throw new IllegalArgumentException("duplicate route " + route.method() + " " + route.template());
            }
        }
        routes.add(route);
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** A match: the route and its path parameters. */
    public record Match(Route route, Map<String, String> params) {}

    /** The route for {@code method path}; empty with {@code pathKnown} telling 405 from 404. */
    public Optional<Match> match(String method, String path, boolean[] pathKnown) {
        String[] parts = path.length() <= 1 ? new String[] {""} : path.substring(1).split("/", -1);
        Match best = null;
        int bestLiterals = -1;
        for (Route r : routes) {
            Map<String, String> params = matchPath(r.segments(), parts);
            if (params == null) continue;
            pathKnown[0] = true;
            if (!r.method().equals(method)) continue;
            int literals = (int) java.util.Arrays.stream(r.segments()).filter(s -> !s.startsWith("{")).count();
            if (literals > bestLiterals) {
                best = new Match(r, params);
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Map<String, String> matchPath(String[] template, String[] parts) {
        if (template.length != parts.length) return null;
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{")) {
                if (parts[i].isEmpty()) return null;
                params.put(t.substring(1, t.length() - 1), java.net.URLDecoder.decode(parts[i], java.nio.charset.StandardCharsets.UTF_8));
            } else if (!t.equals(parts[i])) {
                return null;
            }
        }
        return params;
    }
}
