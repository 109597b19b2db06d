// The command-line parser every C++ tool uses (shared/zx/core/cli.hpp): what
// it accepts, what it refuses and in which words, and the usage text it
// generates. tests/lint/cli_help.py checks the built tools end to end.
#include "zx/core/cli.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

using zx::cli::Outcome;
using zx::cli::Parser;

namespace {

// A tool shaped like the server and the benchmarks: options of each type,
// a flag, one required and one optional positional.
struct Tool {
    std::string host = "127.0.0.1";
    int port = 8080;
    double timeout = 30;
    std::string view;
    bool quiet = false;
    std::string in;
    int runs = 5;
    int width = 0;
    Parser cli{"tool", "Does a thing."};

    Tool() {
        cli.text("--host", "ADDR", "address", host);
        cli.integer("--port", "N", "port", port, 0, 65535);
        cli.number("--timeout", "S", "seconds", timeout, 0, 60);
        cli.choice("--view", "VIEW", "view", view, {"space", "map"});
        cli.custom("--width", "W", "even width", "none", [this](std::string_view v) {
            if (v.size() != 2) return std::string("wants two digits");
            width = (v[0] - '0') * 10 + (v[1] - '0');
            return std::string();
        });
        cli.flag("--quiet", "no log", quiet);
        cli.text("IN", "", "input", in).required();
        cli.integer("RUNS", "", "runs", runs, 1, 100);
    }
    Outcome run(std::vector<std::string> args) { return cli.parse(args); }
};

}  // namespace

TEST_CASE("cli: valid arguments are stored, defaults kept otherwise") {
    Tool t;
    const Outcome r = t.run({"in.json", "--port", "9000", "--quiet", "--timeout=2.5"});
    CHECK_FALSE(r.exit);
    CHECK(r.text.empty());
    CHECK(t.in == "in.json");
    CHECK(t.port == 9000);
    CHECK(t.quiet);
    CHECK(t.timeout == 2.5);
    CHECK(t.host == "127.0.0.1");
    CHECK(t.runs == 5);

    Tool u;
    CHECK_FALSE(u.run({"--host", "0.0.0.0", "a", "7", "--view", "map", "--width", "42", "--port", "1", "--port", "2"}).exit);
    CHECK(u.host == "0.0.0.0");
    CHECK(u.runs == 7);
    CHECK(u.view == "map");
    CHECK(u.width == 42);
    CHECK(u.port == 2);  // the last one wins

    // A value is the next word whatever it looks like; "--" ends the options.
    Tool v;
    CHECK_FALSE(v.run({"--host", "--quiet", "--", "--not-an-option"}).exit);
    CHECK(v.host == "--quiet");
    CHECK_FALSE(v.quiet);
    CHECK(v.in == "--not-an-option");
    Tool w;
    CHECK_FALSE(w.run({"-", "--port", "0", "--timeout", "1e1"}).exit);
    CHECK(w.in == "-");
    CHECK(w.port == 0);
    CHECK(w.timeout == 10);
    Tool x;
    CHECK_FALSE(x.run({"a", "--timeout", ".5"}).exit);
    CHECK(x.timeout == 0.5);
}

TEST_CASE("cli: --help and -h win and describe every argument with its default") {
    for (const char* h : {"--help", "-h"}) {
        Tool t;
        const Outcome r = t.run({"--no-such-flag", h});
        CHECK(r.exit);
        CHECK(r.exit_code == 0);
        CHECK_FALSE(r.to_stderr());
        CHECK(r.text.rfind("Usage: tool [options] IN [RUNS]\n", 0) == 0);
    }
    Tool t;
    const std::string u = t.cli.usage();
    CHECK(u.find("Does a thing.") != std::string::npos);
    CHECK(u.find("--host ADDR") != std::string::npos);
    CHECK(u.find("address (default: 127.0.0.1)") != std::string::npos);
    CHECK(u.find("port (0 to 65535; default: 8080)") != std::string::npos);
    CHECK(u.find("seconds (0 to 60; default: 30)") != std::string::npos);
    CHECK(u.find("view (one of: space, map; default: none)") != std::string::npos);
    CHECK(u.find("even width (default: none)") != std::string::npos);
    CHECK(u.find("input (required)") != std::string::npos);
    CHECK(u.find("runs (1 to 100; default: 5)") != std::string::npos);
    CHECK(u.find("-h, --help") != std::string::npos);
    // After "--", "--help" is an argument like any other.
    Tool v;
    CHECK_FALSE(v.run({"--", "--help"}).exit);
    CHECK(v.in == "--help");
}

TEST_CASE("cli: every mistake is one line naming the argument, exit code 2") {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"a", "--no-such-flag"}, "tool: unknown option --no-such-flag; try --help\n"},
        {{"a", "--no-such-flag=1"}, "tool: unknown option --no-such-flag; try --help\n"},
        {{"a", "-x"}, "tool: unknown option -x; try --help\n"},
        {{"a", "--port"}, "tool: --port needs a value (N); try --help\n"},
        {{"a", "--port", "80x"}, "tool: --port: \"80x\" is not an integer; try --help\n"},
        {{"a", "--port", ""}, "tool: --port: \"\" is not an integer; try --help\n"},
        {{"a", "--port", "+80"}, "tool: --port: \"+80\" is not an integer; try --help\n"},
        {{"a", "--port", "70000"}, "tool: --port: 70000 is out of range (0 to 65535); try --help\n"},
        {{"a", "--port", "99999999999999999999"}, "tool: --port: 99999999999999999999 is out of range (0 to 65535); try --help\n"},
        {{"a", "--timeout", "soon"}, "tool: --timeout: \"soon\" is not a number; try --help\n"},
        {{"a", "--timeout", "nan"}, "tool: --timeout: \"nan\" is not a number; try --help\n"},
        {{"a", "--timeout", "inf"}, "tool: --timeout: \"inf\" is not a number; try --help\n"},
        {{"a", "--timeout", "0x10"}, "tool: --timeout: \"0x10\" is not a number; try --help\n"},
        {{"a", "--timeout", " 5"}, "tool: --timeout: \" 5\" is not a number; try --help\n"},
        {{"a", "--timeout", "1.5.3"}, "tool: --timeout: \"1.5.3\" is not a number; try --help\n"},
        {{"a", "--timeout", "."}, "tool: --timeout: \".\" is not a number; try --help\n"},
        {{"a", "--timeout", "1e999"}, "tool: --timeout: 1e999 is out of range (0 to 60); try --help\n"},
        {{"a", "--timeout", "-0.5"}, "tool: --timeout: -0.5 is out of range (0 to 60); try --help\n"},
        {{"a", "--timeout", "61"}, "tool: --timeout: 61 is out of range (0 to 60); try --help\n"},
        {{"a", "--view", "tv"}, "tool: --view: \"tv\" is not one of space, map; try --help\n"},
        {{"a", "--width", "123"}, "tool: --width: wants two digits; try --help\n"},
        {{"a", "--quiet=yes"}, "tool: --quiet takes no value; try --help\n"},
        {{}, "tool: missing IN; try --help\n"},
        {{"--quiet"}, "tool: missing IN; try --help\n"},
        {{"a", "0"}, "tool: RUNS: 0 is out of range (1 to 100); try --help\n"},
        {{"a", "1", "b"}, "tool: unexpected argument \"b\"; try --help\n"},
    };
    for (const auto& [args, expected] : cases) {
        Tool t;
        const Outcome r = t.run(args);
        CAPTURE(expected);
        CHECK(r.exit);
        CHECK(r.exit_code == 2);
        CHECK(r.to_stderr());
        CHECK(r.text == expected);
    }
    Tool t;
    const Outcome f = t.cli.fail("--web build/web has no index.html");
    CHECK(f.exit_code == 2);
    CHECK(f.text == "tool: --web build/web has no index.html; try --help\n");
}

TEST_CASE("cli: argv form and declaration mistakes") {
    std::string s;
    Parser p("p", "P.");
    p.text("--s", "S", "s", s);
    const char* argv[] = {"p", "--s", "x"};
    CHECK_FALSE(p.parse(3, argv).exit);
    CHECK(s == "x");

    CHECK_THROWS_AS(p.text("--s", "S", "again", s), std::logic_error);
    CHECK_THROWS_AS(p.text("-s", "S", "short names are not supported", s), std::logic_error);
    CHECK_THROWS_AS(p.text("--help", "", "reserved", s), std::logic_error);
    bool b = false;
    CHECK_THROWS_AS(p.flag("POS", "a flag must be an option", b), std::logic_error);
    CHECK_THROWS_AS(p.text("--opt", "O", "options are never required", s).required(), std::logic_error);

    Parser q("q", "Q.");
    std::string a, c;
    q.text("A", "", "optional", a);
    q.text("C", "", "required after optional", c).required();
    CHECK_THROWS_AS(q.parse(std::vector<std::string>{"x", "y"}), std::logic_error);
}

TEST_CASE("cli: usage text is aligned and lists notes") {
    std::string a;
    bool f = false;
    Parser p("p", "Line one.\nLine two.");
    p.text("--a-very-long-option-name", "PLACEHOLDER", "long", a);
    p.flag("--f", "short", f);
    p.note("Examples:\n  p --f");
    const std::string u = p.usage();
    CHECK(u == "Usage: p [options]\n"
               "\n"
               "Line one.\n"
               "Line two.\n"
               "\n"
               "Options:\n"
               "  --a-very-long-option-name PLACEHOLDER\n"
               "                            long (default: none)\n"
               "  --f                       short\n"
               "  -h, --help                print this help and exit\n"
               "\n"
               "Examples:\n"
               "  p --f\n");
}
