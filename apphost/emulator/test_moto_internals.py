"""Tests of the launcher's check of moto's internals (python3 -m unittest discover -s apphost/emulator)."""
import ast
import os
import subprocess
import sys
import types
import unittest

import moto_internals

HERE = os.path.dirname(os.path.abspath(__file__))
LAUNCHER = os.path.join(HERE, "moto_launcher.py")


def _fake_importer(modules):
    def import_module(name):
        if name not in modules:
            raise ModuleNotFoundError(f"No module named '{name}'")
        return modules[name]
    return import_module


def _module(name, **attributes):
    module = types.ModuleType(name)
    for key, value in attributes.items():
        setattr(module, key, value)
    return module


class Backend:
    def transact(self):
        pass


FAKE = {
    "fake": _module("fake", backends={}),
    "fake.models": _module("fake.models", Backend=Backend),
}


class MissingInternalsTests(unittest.TestCase):
    def missing(self, *names):
        return moto_internals.missing_internals(list(names), _fake_importer(FAKE))

    def test_an_internal_that_is_there_is_not_reported(self):
        self.assertEqual(self.missing("fake.models.Backend.transact", "fake.backends", "fake.models"), [])

    def test_a_missing_module_is_named(self):
        self.assertEqual(self.missing("fake.gone.Backend"), ["fake.gone.Backend (no 'gone' in fake)"])

    def test_a_missing_class_is_named(self):
        self.assertEqual(self.missing("fake.models.Table.get_item"), ["fake.models.Table.get_item (no 'Table' in fake.models)"])

    def test_a_missing_function_is_named(self):
        self.assertEqual(self.missing("fake.models.Backend.transact_write_items"),
                         ["fake.models.Backend.transact_write_items (no 'transact_write_items' in fake.models.Backend)"])

    def test_a_missing_attribute_is_named(self):
        self.assertEqual(self.missing("fake.copy"), ["fake.copy (no 'copy' in fake)"])

    def test_a_missing_package_is_named_once(self):
        self.assertEqual(self.missing("nothere.a", "nothere.b"), ["nothere (not installed)"])

    def test_a_module_that_no_longer_imports_is_named_with_its_error(self):
        def import_module(name):
            if name == "fake.broken":
                raise AttributeError("module 'fake' has no attribute 'helper'")
            return _fake_importer(FAKE)(name)
        self.assertEqual(moto_internals.missing_internals(["fake.broken.parse"], import_module),
                         ["fake.broken.parse (fake.broken fails to import: module 'fake' has no attribute 'helper')"])

    def test_the_message_names_each_missing_internal_and_the_pinned_version(self):
        message = moto_internals.failure_message(["moto.server.main (no 'main' in moto.server)"], "5.3.0", "5.2.1")
        self.assertIn("moto.server.main (no 'main' in moto.server)", message)
        self.assertIn("moto (5.3.0)", message)
        self.assertIn("moto 5.2.1", message)
        self.assertIn("moto[server]==5.2.1", message)


class InstalledMotoTests(unittest.TestCase):
    def test_the_pin_is_read_from_requirements(self):
        self.assertRegex(moto_internals.pinned_moto_version(), r"^\d+\.\d+\.\d+$")

    def test_the_installed_moto_has_every_internal_the_launcher_uses(self):
        self.assertEqual(moto_internals.missing_internals(), [])

    def test_the_check_exits_at_once_naming_a_missing_internal_and_the_pinned_version(self):
        script = ("import moto_internals as m; m.INTERNALS.append('moto.server.NoSuchDispatcher'); m.check(); "
                  "print('not stopped')")
        result = subprocess.run([sys.executable, "-c", script], cwd=HERE, capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertNotIn("not stopped", result.stdout)
        self.assertIn("moto.server.NoSuchDispatcher (no 'NoSuchDispatcher' in moto.server)", result.stderr)
        self.assertIn(f"moto {moto_internals.pinned_moto_version()}", result.stderr)


class LauncherSourceTests(unittest.TestCase):
    """The list stays complete: whatever the launcher reaches through an import of moto is in it."""

    @classmethod
    def setUpClass(cls):
        with open(LAUNCHER, encoding="utf-8") as source:
            cls.tree = ast.parse(source.read())

    def moto_aliases(self):
        aliases = {}
        for node in self.tree.body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "moto":
                aliases.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names})
            elif isinstance(node, ast.Import):
                aliases.update({a.asname or a.name: a.name for a in node.names if a.name.split(".")[0] == "moto"})
        return aliases

    def test_every_moto_name_the_launcher_uses_is_checked(self):
        aliases = self.moto_aliases()
        self.assertIn("server", aliases)  # the walk below found the imports

        def dotted(node):
            parts = []
            while isinstance(node, ast.Attribute):
                parts.append(node.attr)
                node = node.value
            if isinstance(node, ast.Name) and node.id in aliases:
                return ".".join([aliases[node.id], *reversed(parts)])
            return None

        used = set(aliases.values()) | {name for node in ast.walk(self.tree) if (name := dotted(node))}
        # a name is checked when it, or a longer name through it, is in the list
        unchecked = sorted(name for name in used
                           if not any(i == name or i.startswith(name + ".") for i in moto_internals.INTERNALS))
        self.assertEqual(unchecked, [], "add these to INTERNALS in moto_internals.py")

    def test_the_check_runs_before_the_first_import_of_moto(self):
        def line_of(predicate):
            return next(node.lineno for node in self.tree.body if predicate(node))

        check = line_of(lambda n: isinstance(n, ast.Expr) and ast.unparse(n) == "moto_internals.check()")
        first_moto_import = line_of(lambda n: isinstance(n, (ast.Import, ast.ImportFrom)) and any(
            name.split(".")[0] == "moto" for name in ([n.module or ""] if isinstance(n, ast.ImportFrom) else [a.name for a in n.names])))
        self.assertLess(check, first_moto_import)


if __name__ == "__main__":
    unittest.main()
