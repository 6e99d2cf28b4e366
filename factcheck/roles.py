"""The newsroom roles. Their permissions are created by migration 0002_roles."""

from django.contrib.auth.models import Group

EDITOR = "Editor"
REPORTER = "Reporter"
VIEWER = "Viewer"
ROLES = (EDITOR, REPORTER, VIEWER)


def add_to_role(user, role):
    user.groups.add(Group.objects.get(name=role))
