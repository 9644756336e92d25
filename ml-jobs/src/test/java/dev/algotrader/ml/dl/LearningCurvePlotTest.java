package dev.algotrader.ml.dl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class LearningCurvePlotTest {

    @Test
    void drawsOneSolidAndOneDashedLinePerFitAndMarksTheBestEpoch() throws Exception {
        var a =
                new LearningCurve(
                        "fold-0 <a>", List.of(0.7, 0.6, 0.55), List.of(0.69, 0.65, 0.66), 2);
        var b = new LearningCurve("final", List.of(0.71, 0.62), List.of(0.7, 0.68), 2);
        String svg = LearningCurvePlot.svg("lstm BTC/USD", List.of(a, b));
        Document doc =
                DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(new InputSource(new StringReader(svg)));
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(4);
        assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(2);
        assertThat(svg).contains("fold-0 &lt;a&gt;").contains("stroke-dasharray");
        // 3 points on the first fit's curves
        String pts =
                doc.getElementsByTagName("polyline")
                        .item(0)
                        .getAttributes()
                        .getNamedItem("points")
                        .getNodeValue();
        assertThat(pts.split(" ")).hasSize(3);
    }
}
