revision = "15c"
down_revision = "14b"
def upgrade():
    if a:
        if b:
            op.execute(rb'\'' + B"\xff" + Rb"""x""" + u'\u00e9')
            x = f"{f"{f"{1}"}"}" + f"{x:{'>'}{w}}"