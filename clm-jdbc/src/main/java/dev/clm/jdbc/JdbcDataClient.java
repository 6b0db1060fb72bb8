package dev.clm.jdbc;

import dev.clm.api.BarSeries;
import dev.clm.api.DataClient;
import dev.clm.api.MarketData;
import dev.clm.api.Names;
import dev.clm.jdbc.internal.Jdbc;
import dev.clm.jdbc.internal.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * {@link DataClient} reading OHLCV bars from a table, so an engine that already stores candles
 * can feed clm directly.
 *
 * <p>The table (default {@value #DEFAULT_TABLE}, created by the clm migrations) or any table or
 * view with the same columns: {@code symbol VARCHAR}, {@code open_time TIMESTAMP WITH TIME
 * ZONE} (bar open time), {@code open, high, low, close, volume DOUBLE PRECISION}, one row per
 * (symbol, open_time); an index on (symbol, open_time) keeps reads fast. Only bars whose open
 * time is before the injected clock's now are returned: a window reaching into the future is
 * cut at now. Rows are validated by {@link BarSeries} (an {@link dev.clm.api.InvalidDataException}
 * names symbol, row and field of a bad bar).
 *
 * <p>Without a symbol list every symbol in the table is read. Thread-safe.
 */
public final class JdbcDataClient implements DataClient {
    /** The table the clm migrations create for bars. */
    public static final String DEFAULT_TABLE = "clm_ohlcv_bars";
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    private final Jdbc jdbc;
    private final Clock clock;
    private final String table;
    private final List<String> symbols;

    /** Reads every symbol of {@value #DEFAULT_TABLE}. */
    public JdbcDataClient(DataSource dataSource, Clock clock) {
        this(dataSource, clock, DEFAULT_TABLE, List.of());
    }

    /**
     * @param table   table or view name, optionally schema-qualified (letters, digits, '_'; it is
     *                part of the SQL text, so nothing else is accepted)
     * @param symbols symbols to read; empty for every symbol in the table
     */
    public JdbcDataClient(DataSource dataSource, Clock clock, String table, List<String> symbols) {
        if (clock == null) throw new IllegalArgumentException("clock must not be null");
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("table must match " + TABLE.pattern() + ", was '" + table + "'");
        }
        if (symbols == null) throw new IllegalArgumentException("symbols must not be null (empty means every symbol)");
        for (String s : symbols) Names.requireSymbol(s, "symbol"); // before it reaches SQL: NUL, blank, too long

        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.table = table;
        this.symbols = List.copyOf(symbols);
    }

    @Override
    public MarketData loadTrainingData(Instant start, Instant end) {
        checkRange(start, end);
        Instant to = cutAtNow(end);
        return jdbc.read("load bars " + start + " .. " + end + " from " + table, c -> {
            List<BarSeries> out = new ArrayList<>();
            for (String symbol : symbolsIn(c)) out.add(load(c, symbol, start, to));
            return new MarketData(out);
        });
    }

    @Override
    public MarketData loadRecentData(Duration lookback) {
        Instant now = clock.instant();
        return loadTrainingData(now.minus(checkLookback(lookback)), now);
    }

    @Override
    public MarketData loadValidationData(Duration lookback) {
        Instant now = clock.instant();
        return loadTrainingData(now.minus(checkLookback(lookback)), now);
    }

    @Override
    public long countBars(Instant start, Instant end) {
        checkRange(start, end);
        Instant to = cutAtNow(end);
        if (!start.isBefore(to)) return 0;
        return jdbc.read("count bars in " + table, c -> {
            long n = 0;
            for (String symbol : symbolsIn(c)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table
                        + " WHERE symbol = ? AND open_time >= ? AND open_time < ?")) {
                    ps.setString(1, symbol);
                    Sql.setInstant(ps, 2, start);
                    Sql.setInstant(ps, 3, to);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        n += rs.getLong(1);
                    }
                }
            }
            return n;
        });
    }

    private Instant cutAtNow(Instant end) {
        Instant now = clock.instant();
        return end.isAfter(now) ? now : end;
    }

    private List<String> symbolsIn(Connection c) throws SQLException {
        if (!symbols.isEmpty()) return symbols;
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT symbol FROM " + table + " ORDER BY symbol");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) found.add(rs.getString(1));
        }
        return found;
    }

    private BarSeries load(Connection c, String symbol, Instant start, Instant end) throws SQLException {
        Columns cols = new Columns();
        if (start.isBefore(end)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT open_time, open, high, low, close, volume FROM " + table
                    + " WHERE symbol = ? AND open_time >= ? AND open_time < ? ORDER BY open_time")) {
                ps.setString(1, symbol);
                Sql.setInstant(ps, 2, start);
                Sql.setInstant(ps, 3, end);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cols.add(Sql.getInstant(rs, "open_time").toEpochMilli(), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                                rs.getDouble(5), rs.getDouble(6));
                    }
                }
            }
        }
        return cols.toSeries(symbol);
    }

    private static void checkRange(Instant start, Instant end) {
        if (start == null || end == null) throw new IllegalArgumentException("start and end must not be null");
        if (start.isAfter(end)) throw new IllegalArgumentException("start (" + start + ") must not be after end (" + end + ")");
    }

    private static Duration checkLookback(Duration lookback) {
        if (lookback == null || lookback.isNegative()) throw new IllegalArgumentException("lookback must be >= 0, was " + lookback);
        return lookback;
    }

    /** Growable primitive columns (no object per bar). */
    private static final class Columns {
        private long[] t = new long[1024];
        private double[] o = new double[1024], h = new double[1024], l = new double[1024], c = new double[1024], v = new double[1024];
        private int n;

        void add(long time, double open, double high, double low, double close, double volume) {
            if (n == t.length) {
                int cap = n * 2;
                t = Arrays.copyOf(t, cap);
                o = Arrays.copyOf(o, cap);
                h = Arrays.copyOf(h, cap);
                l = Arrays.copyOf(l, cap);
                c = Arrays.copyOf(c, cap);
                v = Arrays.copyOf(v, cap);
            }
            t[n] = time;
            o[n] = open;
            h[n] = high;
            l[n] = low;
            c[n] = close;
            v[n] = volume;
            n++;
        }

        BarSeries toSeries(String symbol) {
            return new BarSeries(symbol, Arrays.copyOf(t, n), Arrays.copyOf(o, n), Arrays.copyOf(h, n), Arrays.copyOf(l, n),
                    Arrays.copyOf(c, n), Arrays.copyOf(v, n));
        }
    }
}
