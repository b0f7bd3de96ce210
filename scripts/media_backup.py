"""Copy the media out of (``backup DIR``) or back into (``restore DIR``) the storage.

With ``AWS_STORAGE_BUCKET_NAME`` set: every object under ``AWS_LOCATION`` (default
``media``) of the bucket, through boto3 with the same variables the site uses
(``AWS_S3_ENDPOINT_URL``, keys, region). Otherwise: ``DJANGO_MEDIA_ROOT`` (default
``media/``). Used by scripts/backup.sh and scripts/restore.sh.
"""

import os
import shutil
import sys
from pathlib import Path


def bucket():
    import boto3

    s3 = boto3.resource(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_S3_REGION_NAME") or None,
    )
    return s3.Bucket(os.environ["AWS_STORAGE_BUCKET_NAME"])


def main(action, directory):
    directory = Path(directory)
    prefix = os.environ.get("AWS_LOCATION", "media").strip("/")
    if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        store = bucket()
        count = 0
        if action == "backup":
            for item in store.objects.filter(Prefix=prefix + "/"):
                target = directory / item.key[len(prefix) + 1 :]
                target.parent.mkdir(parents=True, exist_ok=True)
                store.download_file(item.key, str(target))
                count += 1
        else:
            for path in sorted(p for p in directory.rglob("*") if p.is_file()):
                store.upload_file(str(path), f"{prefix}/{path.relative_to(directory).as_posix()}")
                count += 1
        print(f"{action}: {count} object(s)")
        return
    media_root = Path(os.environ.get("DJANGO_MEDIA_ROOT", Path(__file__).parent.parent / "media"))
    if action == "backup":
        if media_root.exists():
            shutil.copytree(media_root, directory)
        else:
            directory.mkdir(parents=True)
    else:
        shutil.copytree(directory, media_root, dirs_exist_ok=True)
    print(f"{action}: {media_root}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("backup", "restore"):
        sys.exit("usage: media_backup.py backup|restore DIR")
    main(sys.argv[1], sys.argv[2])
