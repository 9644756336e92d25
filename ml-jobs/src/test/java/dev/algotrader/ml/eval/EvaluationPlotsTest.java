package dev.algotrader.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.algotrader.fixtures.SeededCases;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

public class EvaluationPlotsTest {

    /** Parses an SVG document (fails on malformed XML). */
    public static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new InputSource(new StringReader(svg)));
    }

    /** Elements {@code <tag class="cls">} in document order. */
    public static List<Element> byClass(Document d, String tag, String cls) {
        NodeList l = d.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < l.getLength(); i++) {
            Element e = (Element) l.item(i);
            if (cls.equals(e.getAttribute("class"))) out.add(e);
        }
        return out;
    }

    public static int vertices(Document d, String cls) {
        return byClass(d, "polyline", cls).get(0).getAttribute("points").split(" ").length;
    }

    @Test
    void rocHasOneVertexPerDistinctScorePlusTheOriginAndItsAreaIsTheAuc() {
        SeededCases.forAll(
                11L,
                40,
                rnd -> {
                    int n = 20 + rnd.nextInt(300);
                    double[] p = new double[n], y = new double[n];
                    Set<Double> distinct = new HashSet<>();
                    for (int i = 0; i < n; i++) {
                        // coarse scores so that ties occur
                        p[i] = Math.round(rnd.nextDouble() * 40) / 40.0;
                        y[i] = rnd.nextDouble() < 0.3 + 0.4 * p[i] ? 1 : 0;
                        distinct.add(p[i]);
                    }
                    y[0] = 1;
                    y[1] = 0;
                    double[][] pts = EvaluationPlots.rocPoints(p, y);
                    assertThat(pts).hasNumberOfRows(distinct.size() + 1);
                    assertThat(pts[0]).containsExactly(0, 0);
                    assertThat(pts[pts.length - 1]).containsExactly(1, 1);
                    assertThat(EvaluationPlots.area(pts))
                            .isCloseTo(BinaryMetrics.of(p, y, 0.5).auc(), within(1e-12));
                });
    }

    @Test
    void rocSvgParsesAndDrawsEveryVertex() throws Exception {
        double[] p = {0.9, 0.8, 0.8, 0.6, 0.4, 0.3, 0.2, 0.1};
        double[] y = {1, 1, 0, 1, 0, 1, 0, 0};
        Document d = parse(EvaluationPlots.roc("ROC <gbt>", p, y));
        assertThat(vertices(d, "roc")).isEqualTo(7 + 1); // 7 distinct scores + (0,0)
        assertThat(vertices(d, "chance")).isEqualTo(2);
        assertThat(d.getDocumentElement().getTextContent())
                .contains("ROC <gbt>")
                .contains(
                        String.format(Locale.ROOT, "AUC %.4f", BinaryMetrics.of(p, y, 0.5).auc()));
    }

    @Test
    void longRocCurvesAreThinnedToTheCap() throws Exception {
        int n = 5000;
        double[] p = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = i / (double) n;
            y[i] = i % 3 == 0 ? 1 : 0;
        }
        assertThat(vertices(parse(EvaluationPlots.roc("t", p, y)), "roc"))
                .isEqualTo(EvaluationPlots.MAX_ROC_POINTS);
    }

    @Test
    void calibrationHasOneDotPerNonEmptyBinAtItsMeanAndRate() throws Exception {
        double[] p = {0.05, 0.07, 0.55, 0.58, 0.52, 0.95, 1.0};
        double[] y = {0, 1, 1, 1, 0, 1, 1};
        List<EvaluationPlots.Bin> bins = EvaluationPlots.calibrationBins(p, y, 10);
        assertThat(bins).hasSize(3);
        assertThat(bins.get(0).count()).isEqualTo(2);
        assertThat(bins.get(0).meanP()).isCloseTo(0.06, within(1e-12));
        assertThat(bins.get(0).upRate()).isEqualTo(0.5);
        assertThat(bins.get(1).count()).isEqualTo(3);
        assertThat(bins.get(1).upRate()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(bins.get(2).from()).isEqualTo(0.9); // p = 1.0 falls in the last, closed bin
        assertThat(bins.get(2).count()).isEqualTo(2);
        Document d = parse(EvaluationPlots.calibration("cal", p, y, 10));
        assertThat(byClass(d, "circle", "bin")).hasSize(3);
        assertThat(vertices(d, "calibration")).isEqualTo(3);
    }

    @Test
    void importancesDrawOneBarPerFeatureLargestFirstWithWidthsInProportion() throws Exception {
        Map<String, Double> imp = new LinkedHashMap<>();
        imp.put("ret_1", 0.1);
        imp.put("rsi_14", 0.6);
        imp.put("vol & spread", 0.3);
        Document d = parse(EvaluationPlots.featureImportances("imp", imp));
        List<Element> bars = byClass(d, "rect", "bar");
        assertThat(bars).hasSize(3);
        assertThat(bars.get(0).getTextContent()).startsWith("rsi_14");
        assertThat(bars.get(2).getTextContent()).startsWith("ret_1");
        double w0 = Double.parseDouble(bars.get(0).getAttribute("width"));
        double w1 = Double.parseDouble(bars.get(1).getAttribute("width"));
        double w2 = Double.parseDouble(bars.get(2).getAttribute("width"));
        assertThat(w1 / w0).isCloseTo(0.5, within(0.01));
        assertThat(w2 / w0).isCloseTo(1 / 6.0, within(0.01));
        assertThat(d.getDocumentElement().getTextContent()).contains("vol & spread");
    }
}
