package io.imagepic.s3;

import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The few S3 XML documents the data path reads (errors, InitiateMultipartUploadResult,
 * CompleteMultipartUploadResult) and the one it writes (CompleteMultipartUpload). A real parser, because
 * values come entity-encoded (an ETag is {@code &quot;...&quot;}); DTDs and external entities are off.
 */
final class S3Xml {

    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(() -> {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        return f;
    });

    private S3Xml() {
    }

    /** A parsed document: its root element's name and the text of the wanted child elements. */
    record Doc(String root, Map<String, String> values) {
        String get(String name) {
            return values.get(name);
        }
    }

    /** Reads the root's name and the text of the first element of each wanted name (at any depth). */
    static Doc parse(String xml, Set<String> wanted) {
        Map<String, String> values = new HashMap<>();
        String root = null;
        try {
            XMLStreamReader r = FACTORY.get().createXMLStreamReader(new StringReader(xml));
            try {
                while (r.hasNext()) {
                    if (r.next() == XMLStreamConstants.START_ELEMENT) {
                        String name = r.getLocalName();
                        if (root == null) {
                            root = name;
                        } else if (wanted.contains(name) && !values.containsKey(name)) {
                            values.put(name, r.getElementText().strip());
                        }
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            return new Doc(root, values); // not XML (a proxy's HTML page): whatever was read before
        }
        return new Doc(root, values);
    }

    /** One part of a multipart upload as S3 acknowledged it. */
    record Part(int number, String etag, String checksumCrc32c) {
    }

    static String completeMultipartUpload(List<Part> parts) {
        StringBuilder sb = new StringBuilder(64 + parts.size() * 128);
        sb.append("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        for (Part p : parts) {
            sb.append("<Part><PartNumber>").append(p.number()).append("</PartNumber><ETag>").append(escape(p.etag()))
                    .append("</ETag>");
            if (p.checksumCrc32c() != null) {
                sb.append("<ChecksumCRC32C>").append(escape(p.checksumCrc32c())).append("</ChecksumCRC32C>");
            }
            sb.append("</Part>");
        }
        return sb.append("</CompleteMultipartUpload>").toString();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
