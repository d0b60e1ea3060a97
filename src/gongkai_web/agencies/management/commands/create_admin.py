"""``create_admin USERNAME``: the first system administrator of a new installation, with a generated password
printed once (``gongkai serve --admin USERNAME`` runs it)."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai_web.agencies.models import Role, User


class Command(BaseCommand):
    help = "创建系统管理员账号（密码随机生成，只显示一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"账号 {username} 已存在，未作改动。")
            return
        password = secrets.token_urlsafe(12)
        user = User(username=username, role=Role.ADMIN, is_staff=True, is_superuser=True, full_name=username)
        user.set_password(password)
        user.save()
        self.stdout.write(f"已创建系统管理员 {username}，初始密码：{password}（只显示这一次，请登录后修改）")
