#include "office/office_server_script.h"

namespace sanso::sanitize::office {

const char* officeServerScript() {
  return R"PY(
import os, subprocess, sys, time
proto_in = os.fdopen(0, 'rb', buffering=0)
proto_out = os.fdopen(1, 'wb', buffering=0)
sys.stdout = sys.stderr  # only the protocol goes to fd 1
import uno
from com.sun.star.beans import PropertyValue

PROFILE = '/tmp/profile'
SETTINGS = [
    ('org.openoffice.Office.Common/Security/Scripting', 'MacroSecurityLevel', '3'),
    ('org.openoffice.Office.Common/Security/Scripting', 'DisableMacrosExecution', 'true'),
    ('org.openoffice.Office.Common/Security/Scripting', 'BlockUntrustedRefererLinks', 'true'),
    ('org.openoffice.Office.Common/History', 'PickListSize', '0'),
    ('org.openoffice.Office.Common/Misc', 'FirstRun', 'false'),
    ('org.openoffice.Office.Common/Misc', 'UseOpenCL', 'false'),
    ('org.openoffice.Office.Recovery/AutoSave', 'Enabled', 'false'),
    ('org.openoffice.Office.Recovery/RecoveryInfo', 'Enabled', 'false'),
    ('org.openoffice.Office.Writer/Content/Update', 'Link', '2'),
    ('org.openoffice.Office.Calc/Content/Update', 'Link', '2'),
]

def write_profile():
    os.makedirs(PROFILE + '/user', exist_ok=True)
    items = ''.join('<item oor:path="/%s"><prop oor:name="%s" oor:op="fuse"><value>%s</value>'
                    '</prop></item>\n' % s for s in SETTINGS)
    with open(PROFILE + '/user/registrymodifications.xcu', 'w') as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items '
                'xmlns:oor="http://openoffice.org/2001/registry" '
                'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' + items + '</oor:items>\n')

def start_office():
    write_profile()
    args = ['/usr/lib/libreoffice/program/soffice.bin', '-env:UserInstallation=file://' + PROFILE,
            '--headless', '--invisible', '--nologo', '--norestore', '--nodefault',
            '--nolockcheck', '--nofirststartwizard', '--accept=pipe,name=sanso;urp;']
    spawn = lambda: subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
    proc = spawn()
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        'com.sun.star.bridge.UnoUrlResolver', local)
    restarts = 0
    while True:
        rc = proc.poll()
        if rc == 81 and restarts < 2:  # the first start with a new profile asks for a restart
            restarts += 1
            proc = spawn()
        elif rc is not None:
            raise SystemExit('soffice exited with %d' % rc)
        try:
            ctx = resolver.resolve('uno:pipe,name=sanso;urp;StarOffice.ComponentContext')
            return ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
        except Exception:
            time.sleep(0.05)

def props(**values):
    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        out.append(p)
    return tuple(out)

def read_line():
    line = b''
    while not line.endswith(b'\n'):
        c = proto_in.read(1)
        if not c:
            return None
        line += c
        if len(line) > 4096:
            raise SystemExit('request line too long')
    return line[:-1].decode('ascii')

def read_exact(n):
    buf = bytearray()
    while len(buf) < n:
        chunk = proto_in.read(min(1 << 20, n - len(buf)))
        if not chunk:
            raise SystemExit('short request')
        buf += chunk
    return bytes(buf)

def convert(desktop, import_filter, export_filter, data):
    src, dst = '/tmp/job/input', '/tmp/job/output'
    os.makedirs('/tmp/job', exist_ok=True)
    for path in (src, dst):
        if os.path.exists(path):
            os.unlink(path)
    with open(src, 'wb') as f:
        f.write(data)
    # MacroExecutionMode 0 = NEVER_EXECUTE, UpdateDocMode 0 = NO_UPDATE (no links refreshed).
    doc = desktop.loadComponentFromURL('file://' + src, '_blank', 0, props(
        FilterName=import_filter, Hidden=True, ReadOnly=True, MacroExecutionMode=0,
        UpdateDocMode=0))
    if doc is None:
        raise RuntimeError('LibreOffice could not load the document')
    try:
        doc.storeToURL('file://' + dst, props(FilterName=export_filter, Overwrite=True))
    finally:
        doc.close(True)
    with open(dst, 'rb') as f:
        out = f.read()
    os.unlink(src)
    os.unlink(dst)
    return out

desktop = start_office()
proto_out.write(b'READY\n')
while True:
    line = read_line()
    if line is None:
        break
    parts = line.split('\t')
    if len(parts) != 4 or parts[0] != 'CONVERT':
        raise SystemExit('bad request')
    data = read_exact(int(parts[3]))
    try:
        out = convert(desktop, parts[1], parts[2], data)
    except Exception as e:
        proto_out.write(('ERR %s\n' % str(e).replace('\n', ' ')[:300]).encode('utf-8', 'replace'))
        continue
    proto_out.write(b'OK %d\n' % len(out))
    proto_out.write(out)
)PY";
}

}  // namespace sanso::sanitize::office
