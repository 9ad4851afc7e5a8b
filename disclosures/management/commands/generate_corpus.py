"""Fill the database with synthetic published reports for the scale benchmark (benchmarks/page_speed.py)."""

import time

from django.core.management.base import BaseCommand, CommandError

from disclosures import synthetic as corpus


class Command(BaseCommand):
    help = "用合成的已发布报告替换数据库中的全部报告（性能测试用）"

    def add_arguments(self, parser):
        parser.add_argument("--synthetic", type=int, default=10_000, help="小型报告数（30页、8张表）")
        parser.add_argument("--real-size", type=int, default=242, help="真实规模报告数（约40页、10张20至200行的表）")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--yes", action="store_true", help="不再确认：数据库中已有的报告将全部删除")

    def handle(self, *args, synthetic: int, real_size: int, seed: int, yes: bool, **options):
        if synthetic < 0 or real_size < 0 or synthetic + real_size == 0:
            raise CommandError("报告数必须为正数。")
        if not yes:
            raise CommandError("这会删除数据库中全部报告：确认请加 --yes。")
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"{done}/{total} 份报告，{time.perf_counter() - started:.0f} 秒")

        rows = corpus.generate(synthetic=synthetic, real_size=real_size, seed=seed, progress=progress)
        self.stdout.write(
            f"已生成 {synthetic + real_size} 份已发布报告（其中真实规模 {real_size} 份），"
            f"{rows} 行，用时 {time.perf_counter() - started:.0f} 秒"
        )
