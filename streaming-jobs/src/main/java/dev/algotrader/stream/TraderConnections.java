package dev.algotrader.stream;

import com.typesafe.config.Config;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.stream.TraderRunner.Options;
import dev.algotrader.stream.TraderRunner.TraderError;
import dev.algotrader.stream.bars.AlpacaBarsClient;
import dev.algotrader.stream.bars.BarFeed;
import dev.algotrader.stream.bars.CoinGeckoBarFeed;
import dev.algotrader.stream.broker.AlpacaSettings;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.model.ChampionLoader;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.model.RegistryChampionSource;
import java.util.HashMap;
import java.util.Map;

/**
 * The trader's connections to the outside: the bar feed, the broker (with the live-trading guard)
 * and the champion registry.
 */
final class TraderConnections {

    private TraderConnections() {}

    /**
     * The market-data service {@code paper-run --source alpaca|coingecko} polls: Alpaca's crypto
     * bars ({@code trader.alpaca.data-url}) or CoinGecko's OHLC candles (client settings from
     * {@code algotrader.coingecko}, coin ids and window from {@code trader.coingecko}).
     */
    public static BarFeed barFeed(AppConfig cfg, String source, TraderSettings s) {
        Config t = cfg.area("trader");
        if (source.equals("alpaca")) {
            return new AlpacaBarsClient(
                    t.getString("alpaca.data-url"), s.interval(), t.getDuration("alpaca.timeout"));
        }
        Config cg = cfg.area("coingecko");
        Map<String, String> ids = new HashMap<>();
        t.getObject("coingecko.coin-ids")
                .forEach((sym, v) -> ids.put(sym, String.valueOf(v.unwrapped())));
        try {
            CoinGeckoBarFeed feed =
                    new CoinGeckoBarFeed(
                            cg.getString("base-url"),
                            cg.getString("plan"),
                            cg.getInt("requests-per-minute"),
                            cg.getInt("max-retries"),
                            cg.getDuration("initial-backoff"),
                            ids,
                            t.getString("coingecko.days"),
                            s.interval());
            for (String sym : s.symbols()) feed.coinId(sym);
            return feed;
        } catch (IllegalArgumentException e) {
            throw new TraderError(e.getMessage());
        }
    }

    /** The broker the configuration and options ask for, with the live-trading guard. */
    public static BrokerFactory brokerFactory(AppConfig cfg, Options o) {
        Config t = cfg.area("trader");
        String type = o.broker() != null ? o.broker() : t.getString("broker.type");
        if (o.live() && !"alpaca".equals(type)) {
            throw new TraderError("--live needs the Alpaca broker: add --broker alpaca");
        }
        switch (type) {
            case "paper":
                return BrokerFactory.paper(t.getDouble("initial-cash"));
            case "alpaca":
                boolean live = o.live();
                if (live
                        && !TraderRunner.LIVE_CONFIRMATION.equals(
                                t.getString("broker.live-confirm"))) {
                    throw new TraderError(
                            "live trading refused: set algotrader.trader.broker.live-confirm = \""
                                    + TraderRunner.LIVE_CONFIRMATION
                                    + "\" in conf/live.conf and run with --env live --live");
                }
                if (live && !"live".equals(cfg.environment())) {
                    throw new TraderError(
                            "live trading refused: use --env live together with --live");
                }
                AlpacaSettings a;
                try {
                    a =
                            new AlpacaSettings(
                                    live
                                            ? t.getString("alpaca.live-url")
                                            : t.getString("alpaca.paper-url"),
                                    live,
                                    "APCA_API_KEY_ID",
                                    "APCA_API_SECRET_KEY",
                                    t.getString("alpaca.time-in-force"),
                                    t.getInt("alpaca.max-retries"),
                                    t.getDuration("alpaca.initial-backoff"),
                                    t.getDuration("alpaca.max-backoff"),
                                    t.getDuration("alpaca.timeout"));
                } catch (IllegalArgumentException e) {
                    throw new TraderError(e.getMessage());
                }
                if (System.getenv("APCA_API_KEY_ID") == null
                        || System.getenv("APCA_API_SECRET_KEY") == null) {
                    throw new TraderError(
                            "broker alpaca needs APCA_API_KEY_ID and APCA_API_SECRET_KEY in the"
                                    + " environment (paper keys: https://app.alpaca.markets)");
                }
                return BrokerFactory.alpaca(a);
            default:
                throw new TraderError(
                        "unknown broker '" + type + "': use paper or alpaca (trader.broker.type)");
        }
    }

    /** The champion registry named by {@code trader.champion.registry} (tree champions). */
    public static ChampionSource championSource(AppConfig cfg) {
        return championSource(cfg, Options.defaults());
    }

    /**
     * The champion registry named by {@code trader.champion.registry}, loading versions with the
     * options' {@link ChampionLoader} when one is given.
     */
    public static ChampionSource championSource(AppConfig cfg, Options o) {
        Config c = cfg.area("trader").getConfig("champion");
        String registry = cfg.location("algotrader.trader.champion.registry");
        if (registry.isBlank()) return ChampionSource.none();
        return new RegistryChampionSource(
                registry, c.getString("model-name"), c.getString("alias"), o.championLoader());
    }
}
