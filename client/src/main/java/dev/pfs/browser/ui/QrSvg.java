package dev.pfs.browser.ui;

import io.nayuki.qrcodegen.QrCode;
import org.teavm.jso.dom.xml.Element;

/** Renders text as a QR code in an SVG element (Nayuki's encoder, medium error correction). */
final class QrSvg {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    /** The quiet zone ISO/IEC 18004 asks for around the symbol, in modules. */
    private static final int BORDER = 4;

    private QrSvg() {
    }

    static Element render(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int extent = qr.size + 2 * BORDER;
        Element svg = Dom.document().createElementNS(SVG_NS, "svg");
        svg.setAttribute("viewBox", "0 0 " + extent + " " + extent);
        svg.setAttribute("shape-rendering", "crispEdges");
        Element background = Dom.document().createElementNS(SVG_NS, "rect");
        background.setAttribute("width", String.valueOf(extent));
        background.setAttribute("height", String.valueOf(extent));
        background.setAttribute("fill", "#ffffff");
        svg.appendChild(background);
        Element modules = Dom.document().createElementNS(SVG_NS, "path");
        modules.setAttribute("d", path(qr));
        modules.setAttribute("fill", "#000000");
        svg.appendChild(modules);
        return svg;
    }

    /** One unit square per dark module. */
    private static String path(QrCode qr) {
        StringBuilder d = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    d.append('M').append(x + BORDER).append(',').append(y + BORDER)
                            .append("h1v1h-1z");
                }
            }
        }
        return d.toString();
    }
}
