// Command-line arguments for every C++ tool of the project (the server, the
// desktop client, the benchmarks, the test tools): one parser, so that each
// tool answers --help with usage text generated from what it declares, and
// refuses what it does not know in the same words as every other tool.
//
// A tool declares its arguments, binding each to a variable whose value at
// declaration is the default shown in the usage text, calls parse(), and then
// either runs or prints the outcome's text and exits:
//
//   int port = 8080;
//   bool quiet = false;
//   zx::cli::Parser cli("zhixing-server", "Serves the JSON API and the web client.");
//   cli.integer("--port", "N", "TCP port to listen on", port, 0, 65535);
//   cli.flag("--quiet", "no log line per request", quiet);
//   if (const auto r = cli.parse(argc, argv); r.exit) {
//       std::fputs(r.text.c_str(), r.to_stderr() ? stderr : stdout);
//       return r.exit_code;
//   }
//
// Contract of parse():
//  - It never prints and never exits; it writes the values given into the
//    bound variables and returns what the tool must do next.
//  - "-h" or "--help" anywhere before "--" wins over everything else: exit
//    code 0, text = the usage (for stdout).
//  - An unknown option, a missing value, a malformed or out-of-range number,
//    a value not among the choices, a missing required or surplus positional
//    argument: exit code 2, text = one line "PROGRAM: PROBLEM; try --help"
//    naming the argument (for stderr). Bound variables may then hold some of
//    the values already parsed; the tool exits without using them.
//  - Syntax: "--name value" or "--name=value" for options with a value (the
//    next word is taken as the value whatever it looks like); flags take no
//    value; "--" ends the options; any other word not starting with '-', or
//    "-" alone, is the next positional argument. Given twice, the last wins.
//  - Integers are decimal with an optional '-', nothing else around them;
//    numbers are finite decimals ("2.5", ".5", "1e3"; not "inf", "nan" or
//    hexadecimal). Both must lie within the declared closed range.
//
// Declaring the same name twice is a programming error (std::logic_error at
// declaration), and so is a required positional after an optional one
// (std::logic_error from parse(), whatever the arguments).
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace zx::cli {

// What the tool does after parse(): run (exit == false), or print `text`
// (newline-terminated) and exit with `exit_code`.
struct Outcome {
    bool exit = false;
    int exit_code = 0;  // 0: help was asked for; 2: a usage error
    std::string text;
    bool to_stderr() const { return exit_code != 0; }
};

// Stores a given value; returns an empty string on success, or the problem
// ("is not a size like 1280x800") which parse() prefixes with the argument's name.
using Setter = std::function<std::string(std::string_view value)>;

// One declared argument. Returned by the declaring calls so that a tool can
// adjust what its usage line says.
class Arg {
public:
    // A positional argument that must be given (positionals are optional by default).
    Arg& required();
    // Replaces the default shown in the usage text, for defaults that are
    // computed later or mean something ("one per core").
    Arg& default_text(std::string text);

private:
    friend class Parser;
    std::string name_;       // "--port", or a positional's placeholder ("NOTES")
    std::string metavar_;    // the value's placeholder in "--port N"; empty for flags
    std::string help_;
    std::string default_;    // as shown; empty: none shown
    std::string constraint_; // "0 to 65535", "one of: a, b"; empty: none
    bool positional_ = false;
    bool flag_ = false;
    bool required_ = false;
    bool* flag_into_ = nullptr;
    Setter set_;
};

class Parser {
public:
    // `program` names the tool in the usage text and in every error line;
    // `summary` says what it does (one or more lines).
    Parser(std::string program, std::string summary);

    // A name starting with "--" declares an option; any other name a
    // positional argument, in declaration order (the name is its placeholder
    // in the usage text, and `metavar` is not used: pass "").
    Arg& text(std::string name, std::string metavar, std::string help, std::string& into);
    Arg& integer(std::string name, std::string metavar, std::string help, int& into, int lo, int hi);
    Arg& number(std::string name, std::string metavar, std::string help, double& into, double lo, double hi);
    // The value must be one of `choices`; the bound variable's initial value
    // is shown as the default even if it is not among them (e.g. empty).
    Arg& choice(std::string name, std::string metavar, std::string help, std::string& into,
                std::vector<std::string> choices);
    // Any other type: `set` parses and stores the value; `shown_default` is
    // what the usage text gives as the default (empty: none).
    Arg& custom(std::string name, std::string metavar, std::string help, std::string shown_default, Setter set);
    // An option without a value; sets `into` to true when present.
    Arg& flag(std::string name, std::string help, bool& into);

    // A paragraph printed after the arguments (examples, environment variables).
    void note(std::string text);

    Outcome parse(int argc, const char* const* argv);  // argv[0], the program, is skipped
    Outcome parse(const std::vector<std::string>& args);

    // The exit-2 outcome for a problem found after parse(), such as two
    // options that do not go together, worded like parse()'s own errors.
    Outcome fail(std::string_view problem) const;

    std::string usage() const;

private:
    Arg& add(std::string name, std::string metavar, std::string help);
    const Arg* find_option(std::string_view name) const;

    std::string program_;
    std::string summary_;
    std::deque<Arg> args_;  // a deque: references handed out stay valid
    std::vector<std::string> notes_;
};

}  // namespace zx::cli
