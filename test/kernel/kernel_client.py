"""A started kernel and the few calls the jupyter_client test scripts share:
the shell reply to a request, its IOPub outputs until idle, both for code."""
from jupyter_client.manager import KernelManager


class KernelClient:
    def __init__(self, kernel_name):
        self.km = KernelManager(kernel_name=kernel_name)
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def reply_for(self, msg_id, timeout=60):
        while True:
            m = self.kc.get_shell_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") == msg_id:
                return m["content"]

    def outputs_for(self, msg_id, timeout=60):
        out = []
        while True:
            m = self.kc.get_iopub_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                return out
            if m["msg_type"] not in ("status", "execute_input"):
                out.append({"type": m["msg_type"], "content": m["content"]})

    def run(self, code, **kw):
        msg_id = self.kc.execute(code, **kw)
        return {"reply": self.reply_for(msg_id), "outputs": self.outputs_for(msg_id)}
