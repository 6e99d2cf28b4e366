"""Send the daily notification digests now. Workers send them by themselves every day at
FACTCHECK_DIGEST_HOUR (factcheck.notifications.tasks.daily_digests); this command is for
installs that run tasks in the web process (FACTCHECK_TASKS_BACKEND=immediate) or prefer cron:

    0 7 * * *  cd /srv/factcheck && .venv/bin/python manage.py send_digests

Nobody gets two digests on one day, however often it runs alongside the workers. With
`--enqueue` the work goes to the task queue (settings.TASKS) instead of running here.
"""

from django.core.management.base import BaseCommand

from factcheck.notifications.tasks import email_digests


class Command(BaseCommand):
    help = "Email every digest reader their unread notifications (run daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the work to the task queue instead."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = email_digests.enqueue()
            self.stdout.write(f"Enqueued the digests as task {result.id}.")
            return
        sent = email_digests.call()
        self.stdout.write(f"Sent {sent} digest email{'s' if sent != 1 else ''}.")
