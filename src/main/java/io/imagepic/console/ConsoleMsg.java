package io.imagepic.console;

import io.imagepic.web.Message;

/** Reasons of the console's routes, for {@code data.err}. */
final class ConsoleMsg {

    static final Message NO_SUCH_FILE = Message.of("没有这个控制台文件：%s", "no such console file: %s");

    private ConsoleMsg() {
    }
}
