"""Jupyter's official kernel conformance suite (jupyter_kernel_test) run
against the installed needlab kernel, with TypeScript samples for every test
that applies (needlab pages help for `name?`, as IPython does)."""
import unittest

import jupyter_kernel_test


class NeedlabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "needlab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("something went wrong")'

    completion_samples = [
        {"text": "Math.ab", "matches": {"abs"}},
        {"text": "const needlabValue = 1; needlabVa", "matches": {"needlabValue"}},
    ]
    # A %%needs cell ends with a blank line, as IPython's cell magics do (a console keeps reading until then).
    complete_code_samples = ["1 + 1", "const x = { a: 1 };", "%%needs\nneeds n {\n  must f1 >= 0.5\n}\n"]
    incomplete_code_samples = ["function f() {", "const x = [1,", "%%needs\nneeds n {", "%%needs\nneeds n {\n  must f1 >= 0.5\n}"]
    invalid_code_samples = ["}", "1 +* 2", "%%needs\nneeds n }"]

    code_generate_error = 'throw new Error("boom")'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"needs".length', "result": "5"},
        {"code": "[1, 2].map((v) => v * 2)", "result": "[ 2, 4 ]"},
    ]
    code_display_data = [
        {"code": 'import { display } from "needlab";\ndisplay.html("<b>verdict</b>")', "mime": "text/html"},
        {"code": 'import { display } from "needlab";\ndisplay.markdown("**verdict**")', "mime": "text/markdown"},
        {"code": 'import { display } from "needlab";\ndisplay({ data: [{ type: "bar", y: [1, 2] }], layout: {} })', "mime": "application/vnd.plotly.v1+json"},
    ]
    code_history_pattern = "6 * ?"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.max"
    code_page_something = "Math.max?"
    code_clear_output = 'import { clearOutput } from "needlab";\nclearOutput()'


if __name__ == "__main__":
    unittest.main()
